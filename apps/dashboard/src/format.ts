import type { RatingsSummary, ScaleStatistics } from '@feedloop/protocol';
import { RATING_SCALE_NAMES, RATING_SCALES, type RatingScale } from '@feedloop/protocol/vocabulary';

/** How the dashboard names each rating scale (the scales themselves are the protocol's). */
export const SCALE_LABELS: Record<RatingScale, string> = { thumbs: 'Thumbs', stars: 'Stars', emoji: 'Emoji', nps: 'NPS' };

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatCount = (n: number) => integer.format(n);
export const formatPercent = (fraction: number) => `${integer.format(fraction * 100)} %`;
export const formatMean = (mean: number) => twoDecimals.format(mean);
export const formatNps = (score: number) => `${score > 0 ? '+' : ''}${integer.format(score)}`;

export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return '–';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

export function formatSigned(value: number, digits = 1): string {
  const text = Math.abs(value).toFixed(digits);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A rating value on a scale, in words a screen reader reads well. */
export function ratingLabel(rating: { scale: string; value: number }): string {
  switch (rating.scale) {
    case 'thumbs':
      return rating.value === 1 ? 'Thumbs up' : 'Thumbs down';
    case 'stars':
      return `${rating.value} of ${RATING_SCALES.stars.max} stars`;
    case 'emoji':
      return `${rating.value} of ${RATING_SCALES.emoji.max} (emoji)`;
    case 'nps':
      return `NPS ${rating.value} of ${RATING_SCALES.nps.max}`;
    default:
      return `${rating.scale} ${rating.value}`;
  }
}

/** Scales present in a summary, most informative first. */
export function scalesIn(ratings: RatingsSummary | ScaleStatistics): RatingScale[] {
  return RATING_SCALE_NAMES.filter((scale) => (ratings[scale]?.count ?? 0) > 0);
}

/** One scale's headline number as text: "78 % positive", "4.21 / 5", "NPS +35". */
export function summaryText(ratings: RatingsSummary, scale: RatingScale): string {
  const r = ratings;
  if (scale === 'thumbs' && r.thumbs) return `${formatPercent(r.thumbs.positiveRate)} positive`;
  if (scale === 'stars' && r.stars) return `${formatMean(r.stars.mean)} / ${RATING_SCALES.stars.max} stars`;
  if (scale === 'emoji' && r.emoji) return `${formatMean(r.emoji.mean)} / ${RATING_SCALES.emoji.max} emoji`;
  if (scale === 'nps' && r.nps) return `NPS ${formatNps(r.nps.score)}`;
  return '–';
}

/** The headline value of a scale, in its own unit (share 0–1, mean 1–5, NPS −100…100). */
export function summaryValue(ratings: RatingsSummary, scale: RatingScale): number | undefined {
  if (scale === 'thumbs') return ratings.thumbs?.positiveRate;
  if (scale === 'stars') return ratings.stars?.mean;
  if (scale === 'emoji') return ratings.emoji?.mean;
  return ratings.nps?.score;
}

export function statisticValue(statistics: ScaleStatistics, scale: RatingScale): number | null {
  if (scale === 'thumbs') return statistics.thumbs?.rate ?? null;
  if (scale === 'stars') return statistics.stars?.mean ?? null;
  if (scale === 'emoji') return statistics.emoji?.mean ?? null;
  return statistics.nps?.score ?? null;
}

/** Any scale mapped to 0–1, to sort features that use different scales. */
export function normalised(ratings: RatingsSummary): number | undefined {
  const [scale] = scalesIn(ratings);
  if (!scale) return undefined;
  const value = summaryValue(ratings, scale)!;
  if (scale === 'thumbs') return value;
  if (scale === 'nps') return (value + 100) / 200;
  const { min, max } = RATING_SCALES[scale];
  return (value - min) / (max - min);
}

/** The change of a scale's headline between two periods, in words with its unit. */
export function ratingChangeText(current: RatingsSummary, previous: RatingsSummary | undefined, scale: RatingScale): string | undefined {
  const now = summaryValue(current, scale);
  const before = previous ? summaryValue(previous, scale) : undefined;
  if (now === undefined || before === undefined) return undefined;
  if (scale === 'thumbs') return `${formatSigned((now - before) * 100, 0)} pts`;
  if (scale === 'nps') return `${formatSigned(now - before, 0)} pts`;
  return formatSigned(now - before, 2);
}

/** Volume change in percent; undefined when there was nothing before. */
export function volumeChange(now: number, before: number | undefined): number | undefined {
  if (!before) return undefined;
  return (now - before) / before;
}

export function formatTime(iso: string, withSeconds = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: withSeconds ? 'medium' : 'short' });
}

export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}
