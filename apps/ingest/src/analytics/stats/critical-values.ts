/** Two-sided critical values for a confidence level. */
import { normalQuantile } from './normal.js';
import { studentTQuantile } from './student-t.js';

/** z such that P(−z < Z < z) = confidence. */
export function zCritical(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

/** t such that P(−t < T < t) = confidence for T ~ t(df). */
export function tCritical(confidence: number, df: number): number {
  return studentTQuantile(1 - (1 - confidence) / 2, df);
}
