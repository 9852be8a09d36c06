/** Two-sided critical values for a confidence level. */
import { normalQuantile } from './normal.js';
import { studentTQuantile } from './student-t.js';

// Quantiles are found by iteration (tens of µs each) and asked for again and again with the same
// arguments: a feature's daily series computes an interval for every day. Pure, so memoised.
const MEMO_MAX = 4_096;
const memo = new Map<string, number>();

function remembered(key: string, compute: () => number): number {
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}

/** z such that P(−z < Z < z) = confidence. */
export function zCritical(confidence: number): number {
  return remembered(`z${confidence}`, () => normalQuantile(1 - (1 - confidence) / 2));
}

/** t such that P(−t < T < t) = confidence for T ~ t(df). */
export function tCritical(confidence: number, df: number): number {
  return remembered(`t${confidence}:${df}`, () => studentTQuantile(1 - (1 - confidence) / 2, df));
}
