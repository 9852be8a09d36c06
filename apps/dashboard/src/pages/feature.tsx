import type { CompareResponse, FeatureDetailResponse, ReleasesResponse } from '@feedloop/protocol';
import { CATEGORIES, RATING_SCALES, type RatingScale } from '@feedloop/protocol/vocabulary';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, segment } from '../api.js';
import type { PageProps } from '../page-props.js';
import { FreshnessNotice } from '../components/freshness-notice.js';
import { PageHead } from '../components/page-head.js';
import { BarList, TimeChart, type Marker } from '../components/charts.js';
import { FeedbackStream } from '../components/feedback-stream/feedback-stream.js';
import { MetricTable, Stat } from '../components/metrics.js';
import {
  SCALE_LABELS,
  formatCount,
  formatMean,
  formatNps,
  formatPercent,
  ratingLabel,
  scalesIn,
  statisticValue,
} from '../format.js';
import { useLoad, useThrottled } from '../load.js';
import { describeRange } from '../range.js';
import { href } from '../router.js';

/** The chart's rating axis per scale: a share in %, a mean over the scale's values, the NPS score. */
const RATING_AXIS: Record<RatingScale, { label: string; range: [number, number]; scale(v: number): number }> = {
  thumbs: { label: 'Positive (%)', range: [0, 100], scale: (v) => v * 100 },
  stars: { label: 'Mean stars', range: [RATING_SCALES.stars.min, RATING_SCALES.stars.max], scale: (v) => v },
  emoji: { label: 'Mean emoji', range: [RATING_SCALES.emoji.min, RATING_SCALES.emoji.max], scale: (v) => v },
  nps: { label: 'NPS', range: [-100, 100], scale: (v) => v },
};

/** One feature: volume and rating over time with releases, distribution, categories, comments. */
export function FeaturePage({ api, range, theme, live, abilities, feature }: PageProps & { feature: string }) {
  const [interval, setSeriesInterval] = useState<'day' | 'week'>('day');
  const [chosenScale, setChosenScale] = useState<RatingScale | undefined>();
  const [compareWith, setCompareWith] = useState<string | undefined>();

  const detail = useLoad(
    (signal) => api.aggregate<FeatureDetailResponse>(`/v1/features/${segment(feature)}`, { ...range, interval, comments: 0 }, signal),
    [api, feature, range.from, range.to, interval],
  );
  const releases = useLoad(
    (signal) =>
      api.get<ReleasesResponse>('/v1/releases', undefined, signal).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return { releases: [] };
        throw error;
      }),
    [api],
  );
  const compare = useLoad(
    async (signal) =>
      compareWith
        ? api.aggregate<CompareResponse>(`/v1/features/${segment(feature)}/compare`, { release: compareWith }, signal)
        : undefined,
    [api, feature, compareWith],
  );

  const refresh = useThrottled(() => detail.reload(), 1000);
  const liveHere = live.items.filter((item) => item.feature === feature);
  useEffect(() => {
    if (liveHere.length > 0) refresh();
  }, [liveHere.length]);

  const data = detail.data;
  const scales = data ? scalesIn(data.statistics) : [];
  const scale = chosenScale && scales.includes(chosenScale) ? chosenScale : scales[0];
  const featureReleases = (releases.data?.releases ?? []).filter((r) => r.features.length === 0 || r.features.includes(feature));
  const markers: Marker[] = useMemo(
    () =>
      featureReleases
        .filter((r) => r.releasedAt.slice(0, 10) >= range.from && r.releasedAt.slice(0, 10) < range.to)
        .map((r) => ({ at: r.releasedAt, label: r.version })),
    [releases.data, feature, range.from, range.to],
  );
  const days = useMemo(() => data?.series.map((p) => p.start) ?? [], [data]);
  const volume = useMemo(() => data?.series.map((p) => p.count) ?? [], [data]);
  const rating = useMemo(() => {
    if (!data || !scale) return [];
    return data.series.map((p) => {
      const v = statisticValue(p.ratings, scale);
      return v === null ? null : RATING_AXIS[scale].scale(v);
    });
  }, [data, scale]);

  if (detail.error && !data) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <Heading feature={feature} range={range} />
        <p class={missing ? 'empty' : 'error'} role={missing ? undefined : 'alert'}>
          {missing ? 'No feedback on this feature yet.' : detail.error.message}
        </p>
        <FeedbackStream api={api} feature={feature} live={live} range={range} canTriage={abilities.triage} />
      </>
    );
  }

  return (
    <>
      <Heading feature={feature} range={range} />
      <FreshnessNotice answers={[data, compareWith ? compare.data : undefined]} />
      {!data && <p class="muted">Loading…</p>}
      {data && (
        <>
          <section class="stats" aria-label="Summary">
            <Stat label="Feedback" value={formatCount(data.count)} />
            <Stat label="With a comment" value={formatCount(data.comments)} />
            {scales.map((s) => (
              <Stat key={s} label={SCALE_LABELS[s]} value={scaleHeadline(data, s)} detail={scaleInterval(data, s)} />
            ))}
          </section>

          <section class="card" aria-labelledby="over-time">
            <div class="section-head">
              <h2 id="over-time">Over time</h2>
              <div class="controls">
                <label class="inline">
                  <span>Interval</span>
                  <select value={interval} onChange={(e) => setSeriesInterval(e.currentTarget.value as 'day' | 'week')}>
                    <option value="day">Daily</option>
                    <option value="week">Weekly</option>
                  </select>
                </label>
                {scales.length > 1 && (
                  <label class="inline">
                    <span>Rating</span>
                    <select value={scale} onChange={(e) => setChosenScale(e.currentTarget.value as RatingScale)}>
                      {scales.map((s) => (
                        <option key={s} value={s}>
                          {SCALE_LABELS[s]}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </div>
            </div>
            <TimeChart
              title={`Feedback volume and ${scale ? RATING_AXIS[scale].label.toLowerCase() : 'rating'} per ${interval}`}
              days={days}
              volume={volume}
              rating={rating}
              ratingLabel={scale ? RATING_AXIS[scale].label : 'Rating'}
              ratingRange={scale ? RATING_AXIS[scale].range : undefined}
              markers={markers}
              theme={theme}
            />
            {featureReleases.length > 0 && (
              <div class="releases">
                <h3>Releases</h3>
                <ul>
                  {featureReleases.slice(0, 6).map((release) => (
                    <li key={release.id}>
                      <span class="chip">{release.version}</span> <time dateTime={release.releasedAt}>{release.releasedAt.slice(0, 10)}</time>{' '}
                      <button
                        type="button"
                        class="link"
                        aria-pressed={compareWith === release.version}
                        onClick={() => setCompareWith(compareWith === release.version ? undefined : release.version)}
                      >
                        Before / after
                      </button>
                    </li>
                  ))}
                </ul>
                {compareWith && compare.error && <p class="error" role="alert">{compare.error.message}</p>}
                {compareWith && compare.data && (
                  <div class="compare">
                    <p class="muted">
                      {compare.data.before.from} – {compare.data.before.to} ({formatCount(compare.data.before.count)} feedback) against{' '}
                      {compare.data.after.from} – {compare.data.after.to} ({formatCount(compare.data.after.count)} feedback)
                    </p>
                    <MetricTable comparisons={compare.data.comparisons} controlName="Before" treatmentName="After" caption={`Before and after ${compareWith}`} />
                  </div>
                )}
              </div>
            )}
          </section>

          <div class="columns">
            <section class="card grow" aria-labelledby="distribution">
              <h2 id="distribution">Rating distribution</h2>
              {Object.keys(data.distribution).length === 0 && <p class="empty">No ratings.</p>}
              {Object.entries(data.distribution).map(([s, counts]) => (
                <div key={s}>
                  <h3>{SCALE_LABELS[s as RatingScale] ?? s}</h3>
                  <BarList
                    label={`${SCALE_LABELS[s as RatingScale] ?? s} ratings`}
                    rows={Object.entries(counts)
                      .sort(([a], [b]) => Number(b) - Number(a))
                      .map(([value, count]) => ({ name: ratingLabel({ scale: s, value: Number(value) }), count }))}
                  />
                </div>
              ))}
            </section>
            <section class="card grow" aria-labelledby="categories">
              <h2 id="categories">Categories</h2>
              <BarList
                label="Feedback per category"
                rows={CATEGORIES.map((c) => ({ name: c, count: (data.categories as Record<string, number>)[c] ?? 0 }))}
              />
            </section>
          </div>
        </>
      )}
      <FeedbackStream api={api} feature={feature} live={live} range={range} canTriage={abilities.triage} />
    </>
  );
}

function Heading({ feature, range }: { feature: string; range: { from: string; to: string } }) {
  return (
    <PageHead title={feature} parent={{ label: 'Features', href: href({ page: 'overview' }) }}>
      {describeRange(range)} (UTC)
    </PageHead>
  );
}

function scaleHeadline(data: FeatureDetailResponse, scale: RatingScale): string {
  const s = data.statistics;
  if (scale === 'thumbs' && s.thumbs?.rate != null) return `${formatPercent(s.thumbs.rate)} positive`;
  if (scale === 'stars' && s.stars?.mean != null) return `${formatMean(s.stars.mean)} / ${RATING_SCALES.stars.max}`;
  if (scale === 'emoji' && s.emoji?.mean != null) return `${formatMean(s.emoji.mean)} / ${RATING_SCALES.emoji.max}`;
  if (scale === 'nps' && s.nps?.score != null) return formatNps(s.nps.score);
  return '–';
}

function scaleInterval(data: FeatureDetailResponse, scale: RatingScale): string | undefined {
  const s = data.statistics[scale];
  if (!s) return undefined;
  const ci = s.ci;
  const n = `n = ${formatCount(s.count)}`;
  if (!ci) return n;
  const f = scale === 'thumbs' ? formatPercent : scale === 'nps' ? formatNps : formatMean;
  return `${n}, 95 % CI ${f(ci.lower)} – ${f(ci.upper)}`;
}
