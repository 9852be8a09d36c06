/**
 * Net Promoter Score from counts of promoters (9–10), passives (7–8) and detractors (0–6).
 *
 * Each response scores +1 (promoter), 0 (passive) or −1 (detractor); NPS = 100 × their mean =
 * 100 (p_prom − p_det). From the multinomial distribution of the three categories,
 *   Var(p̂_prom − p̂_det) = [p_prom + p_det − (p_prom − p_det)²] / n,
 * so SE(NPS) = 100 √([p̂_prom + p̂_det − (p̂_prom − p̂_det)²] / n) and the interval is the Wald
 * interval NPS ± z·SE, clipped to [−100, 100]. Two NPS are compared by a z-test on the difference
 * with SE = √(SE_t² + SE_c²). See docs/statistics.md.
 */
import { zCritical } from './critical-values.js';
import { twoSidedPValueZ } from './p-values.js';
import type { Comparison, ConfidenceOptions, Interval } from './types.js';
import { checkConfidence, checkCount } from './validate.js';

export interface NpsCounts {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

export interface NpsSummary {
  readonly n: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** NPS in [−100, 100]; null when n = 0. */
  readonly score: number | null;
  /** In NPS points; null when n = 0. */
  readonly standardError: number | null;
  /** Wald interval, clipped to [−100, 100]; null when n = 0. */
  readonly ci: Interval | null;
  readonly confidence: number;
}

function checkNpsCounts(name: string, counts: NpsCounts): void {
  checkCount(`${name}.promoters`, counts.promoters);
  checkCount(`${name}.passives`, counts.passives);
  checkCount(`${name}.detractors`, counts.detractors);
}

interface NpsPoint {
  readonly n: number;
  readonly score: number;
  readonly standardError: number;
}

function npsPoint(counts: NpsCounts): NpsPoint | null {
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return null;
  const pp = counts.promoters / n;
  const pd = counts.detractors / n;
  const diff = pp - pd;
  const variance = Math.max(0, (pp + pd - diff * diff) / n);
  return { n, score: 100 * diff, standardError: 100 * Math.sqrt(variance) };
}

function clip(value: number, bound: number): number {
  return Math.min(bound, Math.max(-bound, value));
}

/** NPS with its multinomial standard error and interval. */
export function summarizeNps(counts: NpsCounts, options: ConfidenceOptions = {}): NpsSummary {
  checkNpsCounts('counts', counts);
  const confidence = checkConfidence(options.confidence);
  const point = npsPoint(counts);
  const { promoters, passives, detractors } = counts;
  const n = promoters + passives + detractors;
  if (point === null) {
    return { n, promoters, passives, detractors, score: null, standardError: null, ci: null, confidence };
  }
  const half = zCritical(confidence) * point.standardError;
  return {
    n,
    promoters,
    passives,
    detractors,
    score: point.score,
    standardError: point.standardError,
    ci: { lower: clip(point.score - half, 100), upper: clip(point.score + half, 100) },
    confidence,
  };
}

/**
 * Treatment NPS − control NPS by z-test, in NPS points. relative is always null (a ratio of scores
 * that can be 0 or negative has no meaning). When both standard errors are 0 the test is
 * undefined (statistic and pValue null) and the interval is the single point difference.
 */
export function compareNps(control: NpsCounts, treatment: NpsCounts, options: ConfidenceOptions = {}): Comparison {
  checkNpsCounts('control', control);
  checkNpsCounts('treatment', treatment);
  const confidence = checkConfidence(options.confidence);
  const c = npsPoint(control);
  const t = npsPoint(treatment);
  const base = {
    test: 'nps_z' as const,
    confidence,
    control: { n: c?.n ?? 0, estimate: c?.score ?? null },
    treatment: { n: t?.n ?? 0, estimate: t?.score ?? null },
    relative: null,
    df: null,
  };
  if (c === null || t === null) return { ...base, absolute: null, statistic: null, pValue: null };
  const difference = t.score - c.score;
  const se = Math.sqrt(c.standardError ** 2 + t.standardError ** 2);
  const half = zCritical(confidence) * se;
  const statistic = se > 0 ? difference / se : null;
  return {
    ...base,
    absolute: {
      estimate: difference,
      standardError: se,
      ci: { lower: clip(difference - half, 200), upper: clip(difference + half, 200) },
    },
    statistic,
    pValue: statistic === null ? null : twoSidedPValueZ(statistic),
  };
}

/**
 * Promoter / passive / detractor counts from counts per 0–10 rating: an array indexed by rating
 * (length ≤ 11) or a record keyed by rating. Ratings outside 0–10 or non-integer throw.
 */
export function npsCountsFromRatings(countsByRating: readonly number[] | Readonly<Record<number, number>>): NpsCounts {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [key, count] of Object.entries(countsByRating)) {
    const rating = Number(key);
    if (!Number.isInteger(rating) || rating < 0 || rating > 10) {
      throw new RangeError(`NPS ratings must be integers 0–10, got ${key}`);
    }
    checkCount(`count of rating ${rating}`, count);
    if (rating >= 9) promoters += count;
    else if (rating >= 7) passives += count;
    else detractors += count;
  }
  return { promoters, passives, detractors };
}
