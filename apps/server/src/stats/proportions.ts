/**
 * Proportions (thumbs-up share, feedback rate) from counts: Wilson score interval for one
 * proportion; two-proportion z-test, Wald (unpooled) interval and delta-method relative difference
 * for two. See docs/statistics.md.
 */
import { zCritical } from './critical-values.js';
import { twoSidedPValueZ } from './p-values.js';
import { relativeDifferenceDelta } from './relative.js';
import type { Comparison, ConfidenceOptions, Estimate, Interval, RelativeEstimate } from './types.js';
import { checkConfidence, checkCount } from './validate.js';

/** Successes out of n trials. */
export interface ProportionCounts {
  readonly successes: number;
  readonly n: number;
}

export interface ProportionSummary {
  readonly n: number;
  readonly successes: number;
  /** successes / n; null when n = 0. */
  readonly proportion: number | null;
  /** √(p̂(1 − p̂)/n); null when n = 0 (0 when p̂ is 0 or 1). */
  readonly standardError: number | null;
  /** Wilson score interval; null when n = 0. */
  readonly ci: Interval | null;
  readonly confidence: number;
}

function checkProportionCounts(name: string, counts: ProportionCounts): void {
  checkCount(`${name}.n`, counts.n);
  checkCount(`${name}.successes`, counts.successes);
  if (counts.successes > counts.n) {
    throw new RangeError(`${name}.successes (${counts.successes}) exceeds ${name}.n (${counts.n})`);
  }
}

/**
 * Wilson (1927) score interval:
 *   (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
 * null when n = 0. Always within [0, 1]; the bound is exactly 0 (1) when p̂ is 0 (1).
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval | null {
  checkProportionCounts('counts', { successes, n });
  const c = checkConfidence(confidence);
  if (n === 0) return null;
  const z = zCritical(c);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/** Proportion with its standard error and Wilson interval. */
export function summarizeProportion(counts: ProportionCounts, options: ConfidenceOptions = {}): ProportionSummary {
  checkProportionCounts('counts', counts);
  const confidence = checkConfidence(options.confidence);
  const { successes, n } = counts;
  if (n === 0) return { n, successes, proportion: null, standardError: null, ci: null, confidence };
  const p = successes / n;
  return {
    n,
    successes,
    proportion: p,
    standardError: Math.sqrt((p * (1 - p)) / n),
    ci: wilsonInterval(successes, n, confidence),
    confidence,
  };
}

/**
 * Treatment against control.
 * - Test: two-proportion z-test with the pooled standard error
 *   z = (p̂_t − p̂_c) / √(p̄(1 − p̄)(1/n_t + 1/n_c)), p̄ = (x_t + x_c)/(n_t + n_c); two-sided p-value.
 *   When p̄ is 0 or 1 (both arms all failures or all successes) the test is undefined: statistic
 *   and pValue are null.
 * - Interval of the difference: Wald with the unpooled standard error
 *   √(p̂_t(1 − p̂_t)/n_t + p̂_c(1 − p̂_c)/n_c) (Newcombe 1998b, method 1).
 * - Relative difference p̂_t/p̂_c − 1: delta method, z interval; null when p̂_c = 0.
 */
export function compareProportions(
  control: ProportionCounts,
  treatment: ProportionCounts,
  options: ConfidenceOptions = {},
): Comparison {
  checkProportionCounts('control', control);
  checkProportionCounts('treatment', treatment);
  const confidence = checkConfidence(options.confidence);
  const pc = control.n > 0 ? control.successes / control.n : null;
  const pt = treatment.n > 0 ? treatment.successes / treatment.n : null;
  const base = {
    test: 'two_proportion_z' as const,
    confidence,
    control: { n: control.n, estimate: pc },
    treatment: { n: treatment.n, estimate: pt },
  };
  if (pc === null || pt === null) {
    return { ...base, absolute: null, relative: null, statistic: null, df: null, pValue: null };
  }
  const z = zCritical(confidence);
  const seC = Math.sqrt((pc * (1 - pc)) / control.n);
  const seT = Math.sqrt((pt * (1 - pt)) / treatment.n);
  const difference = pt - pc;
  const seDifference = Math.sqrt(seC * seC + seT * seT);
  const absolute: Estimate = {
    estimate: difference,
    standardError: seDifference,
    ci: { lower: difference - z * seDifference, upper: difference + z * seDifference },
  };

  const pooled = (control.successes + treatment.successes) / (control.n + treatment.n);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / treatment.n));
  const statistic = sePooled > 0 ? difference / sePooled : null;
  const pValue = statistic === null ? null : twoSidedPValueZ(statistic);

  const delta = relativeDifferenceDelta(pc, seC, pt, seT);
  const relative: RelativeEstimate | null =
    delta === null
      ? null
      : {
          estimate: delta.estimate,
          standardError: delta.standardError,
          ci: { lower: delta.estimate - z * delta.standardError, upper: delta.estimate + z * delta.standardError },
          pValue: delta.standardError > 0 ? twoSidedPValueZ(delta.estimate / delta.standardError) : null,
        };
  return { ...base, absolute, relative, statistic, df: null, pValue };
}

/**
 * Newcombe (1998b) hybrid score interval for p̂_t − p̂_c (his method 10), built from the two
 * Wilson intervals: [d − √((p̂_t − l_t)² + (u_c − p̂_c)²), d + √((u_t − p̂_t)² + (p̂_c − l_c)²)].
 * Better coverage than the Wald interval for small n or proportions near 0 or 1; offered for
 * callers that want it. null when an arm is empty.
 */
export function newcombeDifferenceInterval(
  control: ProportionCounts,
  treatment: ProportionCounts,
  confidence = 0.95,
): Interval | null {
  checkProportionCounts('control', control);
  checkProportionCounts('treatment', treatment);
  const c = checkConfidence(confidence);
  const wc = wilsonInterval(control.successes, control.n, c);
  const wt = wilsonInterval(treatment.successes, treatment.n, c);
  if (wc === null || wt === null) return null;
  const pc = control.successes / control.n;
  const pt = treatment.successes / treatment.n;
  const d = pt - pc;
  return {
    lower: d - Math.sqrt((pt - wt.lower) ** 2 + (wc.upper - pc) ** 2),
    upper: d + Math.sqrt((wt.upper - pt) ** 2 + (pc - wc.lower) ** 2),
  };
}
