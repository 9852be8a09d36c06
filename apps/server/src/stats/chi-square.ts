/**
 * Chi-square distribution with k > 0 degrees of freedom: CDF P(k/2, x/2) and survival function
 * Q(k/2, x/2), from the regularized incomplete gamma functions (see gamma.ts).
 */
import { regularizedGamma } from './gamma.js';

function check(x: number, df: number, name: string): void {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`${name}: df must be finite and > 0, got ${df}`);
  if (Number.isNaN(x)) throw new RangeError(`${name}: x is NaN`);
}

/** P(X ≤ x) for X ~ χ²(df). */
export function chiSquareCdf(x: number, df: number): number {
  check(x, df, 'chiSquareCdf');
  if (x <= 0) return 0;
  return regularizedGamma(df / 2, x / 2).lower;
}

/** P(X > x) for X ~ χ²(df): the p-value of a chi-square statistic x. */
export function chiSquareSf(x: number, df: number): number {
  check(x, df, 'chiSquareSf');
  if (x <= 0) return 1;
  return regularizedGamma(df / 2, x / 2).upper;
}
