/**
 * Means (star ratings, emoji scales) from sufficient statistics: mean, sample variance and
 * t-interval; Welch's t-test with Welch–Satterthwaite degrees of freedom, absolute and relative
 * difference (as GrowthBook's frequentist engine). See docs/statistics.md.
 */
import { tCritical } from './critical-values.js';
import { twoSidedPValueT } from './p-values.js';
import { relativeDifferenceDelta } from './relative.js';
import type { Comparison, ConfidenceOptions, Estimate, Interval, RelativeEstimate } from './types.js';
import { checkConfidence, checkCount, checkFinite } from './validate.js';

/** What the aggregates keep per arm: count, Σx and Σx². */
export interface SufficientStats {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

export interface MeanSummary {
  readonly n: number;
  /** null when n = 0. */
  readonly mean: number | null;
  /** Sample variance (n − 1 denominator); null when n < 2. */
  readonly variance: number | null;
  readonly standardDeviation: number | null;
  /** s / √n; null when n < 2. */
  readonly standardError: number | null;
  /** n − 1; null when n < 2. */
  readonly df: number | null;
  /** mean ± t(df) · s/√n; null when n < 2 (a single point when the variance is 0). */
  readonly ci: Interval | null;
  readonly confidence: number;
}

function checkStats(name: string, stats: SufficientStats): void {
  checkCount(`${name}.n`, stats.n);
  checkFinite(`${name}.sum`, stats.sum);
  checkFinite(`${name}.sumSquares`, stats.sumSquares);
  if (stats.sumSquares < 0) throw new RangeError(`${name}.sumSquares must be >= 0, got ${stats.sumSquares}`);
}

/** Mean Σx/n (null when n = 0). */
export function meanOf(stats: SufficientStats): number | null {
  checkStats('stats', stats);
  return stats.n === 0 ? null : stats.sum / stats.n;
}

/**
 * Sample variance (Σx² − (Σx)²/n) / (n − 1); null when n < 2. Rounding can make the numerator
 * slightly negative when all values are equal: it is clamped to 0.
 */
export function sampleVariance(stats: SufficientStats): number | null {
  checkStats('stats', stats);
  const { n, sum, sumSquares } = stats;
  if (n < 2) return null;
  return Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
}

/** Mean, variance, standard error and t-interval of one arm. */
export function summarizeMean(stats: SufficientStats, options: ConfidenceOptions = {}): MeanSummary {
  const confidence = checkConfidence(options.confidence);
  const mean = meanOf(stats);
  const variance = sampleVariance(stats);
  const { n } = stats;
  if (mean === null || variance === null) {
    return { n, mean, variance: null, standardDeviation: null, standardError: null, df: null, ci: null, confidence };
  }
  const sd = Math.sqrt(variance);
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  const half = se === 0 ? 0 : tCritical(confidence, df) * se;
  return {
    n,
    mean,
    variance,
    standardDeviation: sd,
    standardError: se,
    df,
    ci: { lower: mean - half, upper: mean + half },
    confidence,
  };
}

/**
 * Welch–Satterthwaite degrees of freedom
 *   ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1)).
 * Takes the two variances and counts; null when both variances are 0 or an n < 2.
 */
export function welchSatterthwaiteDf(
  varianceA: number,
  nA: number,
  varianceB: number,
  nB: number,
): number | null {
  if (nA < 2 || nB < 2) return null;
  const a = varianceA / nA;
  const b = varianceB / nB;
  const denominator = (a * a) / (nA - 1) + (b * b) / (nB - 1);
  if (!(denominator > 0)) return null;
  return ((a + b) * (a + b)) / denominator;
}

/**
 * Treatment against control by Welch's t-test.
 * - Absolute difference d = x̄_t − x̄_c, SE = √(s_t²/n_t + s_c²/n_c), t = d/SE, ν by
 *   Welch–Satterthwaite, two-sided p-value from t(ν), interval d ± t_{1−α/2}(ν)·SE.
 * - Relative difference x̄_t/x̄_c − 1 with the delta-method SE and the same t(ν) quantile, and its
 *   own p-value (GrowthBook's relative mode). null when x̄_c = 0.
 * Edge cases: an empty arm gives null absolute/relative; an arm with n = 1 gives the point
 * difference with null standard error, interval and test; zero variance in both arms gives a
 * zero-width interval and a null test (statistic, df, pValue).
 */
export function compareMeans(
  control: SufficientStats,
  treatment: SufficientStats,
  options: ConfidenceOptions = {},
): Comparison {
  checkStats('control', control);
  checkStats('treatment', treatment);
  const confidence = checkConfidence(options.confidence);
  const mc = meanOf(control);
  const mt = meanOf(treatment);
  const base = {
    test: 'welch_t' as const,
    confidence,
    control: { n: control.n, estimate: mc },
    treatment: { n: treatment.n, estimate: mt },
  };
  if (mc === null || mt === null) {
    return { ...base, absolute: null, relative: null, statistic: null, df: null, pValue: null };
  }
  const difference = mt - mc;
  const vc = sampleVariance(control);
  const vt = sampleVariance(treatment);
  if (vc === null || vt === null) {
    return {
      ...base,
      absolute: { estimate: difference, standardError: null, ci: null },
      relative: mc === 0 ? null : { estimate: mt / mc - 1, standardError: null, ci: null, pValue: null },
      statistic: null,
      df: null,
      pValue: null,
    };
  }
  const seC = Math.sqrt(vc / control.n);
  const seT = Math.sqrt(vt / treatment.n);
  const se = Math.sqrt(seC * seC + seT * seT);
  const df = welchSatterthwaiteDf(vc, control.n, vt, treatment.n);
  if (df === null || se === 0) {
    // No variation in either arm: the t statistic is 0/0 or ±∞ and ν is 0/0.
    const point: Interval = { lower: difference, upper: difference };
    const relative: RelativeEstimate | null =
      mc === 0 ? null : { estimate: mt / mc - 1, standardError: 0, ci: { lower: mt / mc - 1, upper: mt / mc - 1 }, pValue: null };
    return {
      ...base,
      absolute: { estimate: difference, standardError: 0, ci: point },
      relative,
      statistic: null,
      df: null,
      pValue: null,
    };
  }
  const q = tCritical(confidence, df);
  const statistic = difference / se;
  const absolute: Estimate = {
    estimate: difference,
    standardError: se,
    ci: { lower: difference - q * se, upper: difference + q * se },
  };
  const delta = relativeDifferenceDelta(mc, seC, mt, seT);
  const relative: RelativeEstimate | null =
    delta === null
      ? null
      : {
          estimate: delta.estimate,
          standardError: delta.standardError,
          ci: { lower: delta.estimate - q * delta.standardError, upper: delta.estimate + q * delta.standardError },
          pValue: delta.standardError > 0 ? twoSidedPValueT(delta.estimate / delta.standardError, df) : null,
        };
  return { ...base, absolute, relative, statistic, df, pValue: twoSidedPValueT(statistic, df) };
}
