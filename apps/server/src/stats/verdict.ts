/**
 * Plain-language verdict for one comparison (treatment against control).
 *
 * 1. not_enough_data when either arm has fewer than minCountPerArm observations (default 30), or
 *    when the comparison has no interval or no p-value (too few observations to estimate the
 *    variability, or no variation at all in either arm).
 * 2. Otherwise the difference is detectable when p < α (α = 1 − confidence, default 0.05; pass a
 *    Holm-adjusted p-value when there are several treatments) AND the interval of the absolute
 *    difference excludes 0. The two criteria can disagree slightly for proportions (pooled
 *    standard error for the test, unpooled for the interval); requiring both is conservative.
 * 3. A detectable difference is 'better' when its sign agrees with the direction in which higher
 *    is better (default: higher is better), else 'worse'. Anything else is
 *    'no_detectable_difference' — which is not evidence that the arms are equal.
 */
import { capitalize, formatNumber, formatPValue, formatPercent, formatSigned } from './format.js';
import type { Interval, TestKind } from './types.js';
import { DEFAULT_CONFIDENCE } from './validate.js';

export type VerdictKind = 'better' | 'worse' | 'no_detectable_difference' | 'not_enough_data';

export const DEFAULT_MIN_COUNT_PER_ARM = 30;

/** The parts of a Comparison the verdict needs (a Comparison can be passed as is). */
export interface VerdictInput {
  readonly control: { readonly n: number };
  readonly treatment: { readonly n: number };
  readonly absolute: { readonly estimate: number; readonly ci: Interval | null } | null;
  readonly pValue: number | null;
  /** Confidence of the interval; default 0.95. */
  readonly confidence?: number;
  /** Used to phrase the difference: percentage points for proportions, points for NPS. */
  readonly test?: TestKind;
}

export interface VerdictOptions {
  /** Minimum observations per arm; default 30. */
  readonly minCountPerArm?: number;
  /** Whether a higher value of the metric is better; default true. */
  readonly higherIsBetter?: boolean;
  /** Significance level; default 1 − confidence. */
  readonly alpha?: number;
  /** Default "the treatment". */
  readonly treatmentLabel?: string;
  /** Default "the control". */
  readonly controlLabel?: string;
  /** Default "the metric". */
  readonly metricLabel?: string;
}

export interface Verdict {
  readonly verdict: VerdictKind;
  /** One plain-language sentence. */
  readonly explanation: string;
}

interface Units {
  readonly scale: number;
  readonly suffix: string;
}

function unitsFor(test: TestKind | undefined): Units {
  if (test === 'two_proportion_z') return { scale: 100, suffix: ' percentage points' };
  if (test === 'nps_z') return { scale: 1, suffix: ' points' };
  return { scale: 1, suffix: '' };
}

export function verdict(input: VerdictInput, options: VerdictOptions = {}): Verdict {
  const minCount = options.minCountPerArm ?? DEFAULT_MIN_COUNT_PER_ARM;
  if (!(minCount >= 0)) throw new RangeError(`minCountPerArm must be >= 0, got ${minCount}`);
  const confidence = input.confidence ?? DEFAULT_CONFIDENCE;
  // 1 − 0.95 is 0.05000000000000004 in binary; round so that p = 0.05 is not significant.
  const alpha = options.alpha ?? Number((1 - confidence).toPrecision(12));
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  const higherIsBetter = options.higherIsBetter ?? true;
  const treatment = options.treatmentLabel ?? 'the treatment';
  const control = options.controlLabel ?? 'the control';
  const metric = options.metricLabel ?? 'the metric';

  const nT = input.treatment.n;
  const nC = input.control.n;
  if (nT < minCount || nC < minCount) {
    return {
      verdict: 'not_enough_data',
      explanation: `Not enough data: each arm needs at least ${minCount} observations, but ${treatment} has ${nT} and ${control} has ${nC}.`,
    };
  }
  const absolute = input.absolute;
  if (absolute === null || absolute.ci === null) {
    return {
      verdict: 'not_enough_data',
      explanation: `Not enough data: there are too few observations to estimate how much ${metric} varies between ${treatment} and ${control}.`,
    };
  }
  if (input.pValue === null) {
    return {
      verdict: 'not_enough_data',
      explanation: `Not enough data: ${metric} shows no variation at all in ${treatment} or ${control}, so the difference cannot be tested.`,
    };
  }

  const { scale, suffix } = unitsFor(input.test);
  const d = absolute.estimate * scale;
  const lo = absolute.ci.lower * scale;
  const hi = absolute.ci.upper * scale;
  const ciText = `${formatPercent(confidence)} CI ${formatSigned(lo)} to ${formatSigned(hi)}`;
  const pText = formatPValue(input.pValue);
  const excludesZero = absolute.ci.lower > 0 || absolute.ci.upper < 0;
  const significant = input.pValue < alpha;

  if (significant && excludesZero && d !== 0) {
    const higher = d > 0;
    const kind: VerdictKind = higher === higherIsBetter ? 'better' : 'worse';
    return {
      verdict: kind,
      explanation: `${capitalize(treatment)} is ${kind} than ${control}: ${metric} is ${formatNumber(Math.abs(d))}${suffix} ${higher ? 'higher' : 'lower'} (${ciText}, ${pText}).`,
    };
  }
  if (significant) {
    return {
      verdict: 'no_detectable_difference',
      explanation: `No detectable difference in ${metric} between ${treatment} and ${control}: the evidence is borderline (${pText}, but the ${ciText} includes zero).`,
    };
  }
  return {
    verdict: 'no_detectable_difference',
    explanation: `No detectable difference in ${metric} between ${treatment} and ${control}: the difference is ${formatSigned(d)}${suffix} (${ciText}, ${pText}), consistent with no difference.`,
  };
}
