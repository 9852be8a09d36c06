/**
 * Feedloop statistics engine: pure functions from the sufficient statistics the aggregates keep
 * (counts, sums, sums of squares, per-value counts) to estimates, intervals, tests and verdicts.
 * Formulas, assumptions, edge cases and references: docs/statistics.md.
 */
export type {
  ArmEstimate,
  Comparison,
  ConfidenceOptions,
  Estimate,
  Interval,
  RelativeEstimate,
  TestKind,
} from './types.js';

// Distributions
export { normalCdf, normalPdf, normalQuantile, normalSf } from './normal.js';
export { studentTCdf, studentTPdf, studentTQuantile, studentTSf } from './student-t.js';
export { chiSquareCdf, chiSquareSf } from './chi-square.js';
export { zCritical, tCritical } from './critical-values.js';
export { twoSidedPValueT, twoSidedPValueZ } from './p-values.js';

// Proportions
export type { ProportionCounts, ProportionSummary } from './proportions.js';
export { compareProportions, newcombeDifferenceInterval, summarizeProportion, wilsonInterval } from './proportions.js';

// Means
export type { MeanSummary, SufficientStats } from './means.js';
export { compareMeans, meanOf, sampleVariance, summarizeMean, welchSatterthwaiteDf } from './means.js';
export { addSufficientStats, sufficientStatsFromCounts, sufficientStatsFromValues } from './sufficient-stats.js';

// NPS
export type { NpsCounts, NpsSummary } from './nps.js';
export { compareNps, npsCountsFromRatings, summarizeNps } from './nps.js';

// Relative difference (delta method)
export type { RelativeDelta } from './relative.js';
export { relativeDifferenceDelta } from './relative.js';

// Sample-ratio mismatch
export type { SrmOptions, SrmResult } from './srm.js';
export { DEFAULT_SRM_THRESHOLD, sampleRatioMismatch } from './srm.js';

// Multiple comparisons
export type { AdjustedPValue } from './holm.js';
export { holmBonferroni } from './holm.js';

// Verdict
export type { Verdict, VerdictInput, VerdictKind, VerdictOptions } from './verdict.js';
export { DEFAULT_MIN_COUNT_PER_ARM, verdict } from './verdict.js';

export { DEFAULT_CONFIDENCE } from './validate.js';

// Special functions (used by the distributions; exported for tests and advanced use)
export { logGamma, regularizedGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';
export { poissonUpperTail } from './poisson.js';
export { logBeta, regularizedBeta } from './beta.js';
