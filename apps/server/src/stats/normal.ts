/**
 * Standard normal distribution: CDF, survival function and quantile.
 *
 * Φ(z) = ½ erfc(−z/√2), with erfc(u) = Q(½, u²) for u ≥ 0 (regularized upper incomplete gamma),
 * so both tails keep full relative precision (Φ(−37) ≈ 5.7e-300 is still exact to ~1e-13).
 * The quantile starts from P. J. Acklam's rational approximation (relative error < 1.2e-9) and
 * applies Halley refinement steps on Φ, which gives full double precision.
 */
import { regularizedGamma } from './gamma.js';

const SQRT_TWO_PI = 2.5066282746310002;

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_TWO_PI;
}

/** Standard normal CDF Φ(z) = P(Z ≤ z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalCdf: z is NaN');
  if (z === 0) return 0.5;
  const u2 = 0.5 * z * z;
  const { lower, upper } = regularizedGamma(0.5, u2); // lower = erf(|u|), upper = erfc(|u|)
  return z < 0 ? 0.5 * upper : 0.5 + 0.5 * lower;
}

/** Standard normal survival function 1 − Φ(z) = P(Z > z), accurate in the upper tail. */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalSf: z is NaN');
  return normalCdf(-z);
}

// Acklam's coefficients (https://web.archive.org/web/20151030215612/http://home.online.no/~pjacklam/notes/invnorm/)
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/** Standard normal quantile Φ⁻¹(p) for 0 ≤ p ≤ 1 (±Infinity at 0 and 1). */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must lie in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the lower half, where p is exact; 1 − p is exact for p ≥ ½ (Sterbenz).
  if (p > 0.5) return -normalQuantile(1 - p);
  let x = acklam(p);
  // Near ½ compare Φ(x) − ½ = −½ erf(|x|/√2) with p − ½ (exact for p ≥ ¼), not Φ(x) with p,
  // so that quantiles of p = ½ ± δ keep their relative precision.
  const central = p >= 0.25;
  const offset = p - 0.5;
  for (let i = 0; i < 3; i++) {
    const e = central
      ? 0.5 * Math.sign(x) * regularizedGamma(0.5, 0.5 * x * x).lower - offset
      : normalCdf(x) - p;
    const u = e * SQRT_TWO_PI * Math.exp(0.5 * x * x);
    const next = x - u / (1 + 0.5 * x * u);
    if (!Number.isFinite(next)) break;
    const done = Math.abs(next - x) <= 1e-15 * Math.abs(next);
    x = next;
    if (done) break;
  }
  return x;
}
