/** Shared result types of the statistics engine. All numbers are finite; "cannot say" is null. */

/** A two-sided confidence interval. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** A point estimate with its standard error and confidence interval. */
export interface Estimate {
  readonly estimate: number;
  /** null when it cannot be estimated (e.g. an arm with a single observation). */
  readonly standardError: number | null;
  /** null exactly when standardError is null. */
  readonly ci: Interval | null;
}

/** Relative difference (treatment − control) / control, delta method. */
export interface RelativeEstimate extends Estimate {
  /** Two-sided p-value of the delta-method statistic estimate / standardError (as GrowthBook reports). */
  readonly pValue: number | null;
}

/** Which test produced a comparison. */
export type TestKind = 'two_proportion_z' | 'welch_t' | 'nps_z';

/** One arm of a comparison. */
export interface ArmEstimate {
  /** Observations in the arm: trials, ratings or NPS responses. */
  readonly n: number;
  /** Proportion, mean or NPS score; null when n = 0. */
  readonly estimate: number | null;
}

/** Treatment against control: differences are treatment − control. */
export interface Comparison {
  readonly test: TestKind;
  readonly confidence: number;
  readonly control: ArmEstimate;
  readonly treatment: ArmEstimate;
  /** treatment − control; null when an arm is empty. */
  readonly absolute: Estimate | null;
  /** (treatment − control) / control; null when an arm is empty, the control is 0, or for NPS. */
  readonly relative: RelativeEstimate | null;
  /** z or t statistic of the test on the absolute difference; null when the test is undefined. */
  readonly statistic: number | null;
  /** Welch–Satterthwaite degrees of freedom (t-test only), else null. */
  readonly df: number | null;
  /** Two-sided p-value of the test on the absolute difference; null when the test is undefined. */
  readonly pValue: number | null;
}

/** Options shared by the functions that produce intervals. */
export interface ConfidenceOptions {
  /** Confidence level in (0, 1); default 0.95. */
  readonly confidence?: number;
}
