/**
 * Sample-ratio mismatch: Pearson's chi-square goodness-of-fit test of the exposure counts per
 * variant against the configured split (equal by default):
 *   E_i = N w_i / Σw,  χ² = Σ (O_i − E_i)² / E_i,  df = k − 1,  p = P(χ²_df > χ²).
 * Flagged when p < threshold (default 0.001). Variants with weight 0 and no exposures are left
 * out; a variant with weight 0 but exposures is an outright mismatch (χ² = ∞, p = 0).
 */
import { chiSquareSf } from './chi-square.js';
import { checkCount } from './validate.js';

export const DEFAULT_SRM_THRESHOLD = 0.001;

export interface SrmOptions {
  /** Expected split, one non-negative weight per variant; default equal. Need not sum to 1. */
  readonly weights?: readonly number[];
  /** Flag when p < threshold; default 0.001. */
  readonly threshold?: number;
}

export interface SrmResult {
  readonly observed: readonly number[];
  /** Expected exposures per variant under the configured split. */
  readonly expected: readonly number[];
  readonly total: number;
  /**
   * null when there are no exposures, fewer than two variants with positive weight, or the
   * statistic is infinite (exposures in a variant of weight 0; then pValue = 0 and flagged).
   */
  readonly chiSquare: number | null;
  readonly df: number | null;
  readonly pValue: number | null;
  readonly flagged: boolean;
  readonly threshold: number;
}

export function sampleRatioMismatch(observed: readonly number[], options: SrmOptions = {}): SrmResult {
  observed.forEach((o, i) => checkCount(`observed[${i}]`, o));
  const threshold = options.threshold ?? DEFAULT_SRM_THRESHOLD;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold must lie in (0, 1), got ${threshold}`);
  const weights = options.weights ?? observed.map(() => 1);
  if (weights.length !== observed.length) {
    throw new RangeError(`weights has ${weights.length} entries but observed has ${observed.length}`);
  }
  weights.forEach((w, i) => {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights[${i}] must be finite and >= 0, got ${w}`);
  });
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  if (!(totalWeight > 0)) throw new RangeError('weights must not all be 0');
  const total = observed.reduce((s, o) => s + o, 0);
  const expected = weights.map((w) => (total * w) / totalWeight);
  const none = { observed, expected, total, chiSquare: null, df: null, pValue: null, flagged: false, threshold };
  const active = weights.filter((w) => w > 0).length;
  if (total === 0 || active < 2) return none;

  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] ?? 0;
    const e = expected[i] ?? 0;
    if (e === 0) {
      if (o > 0) chiSquare = Infinity;
      continue;
    }
    chiSquare += ((o - e) * (o - e)) / e;
  }
  const df = active - 1;
  const pValue = chiSquare === Infinity ? 0 : chiSquareSf(chiSquare, df);
  return { observed, expected, total, chiSquare: Number.isFinite(chiSquare) ? chiSquare : null, df, pValue, flagged: pValue < threshold, threshold };
}
