/**
 * Student's t distribution with any real ν > 0 degrees of freedom (Welch–Satterthwaite ν is not
 * an integer): CDF, survival function, density and quantile.
 *
 * For t ≠ 0, with x = ν/(ν + t²) and y = t²/(ν + t²) (both formed without cancellation):
 *   P(T > |t|)      = ½ I_x(ν/2, ½)        (the tail)
 *   P(0 < T < |t|)  = ½ [1 − I_x(ν/2, ½)]  (the centre)
 * (Abramowitz & Stegun §26.7). regularizedBeta returns both halves with full
 * precision, so p-values far in the tail and quantiles near ½ stay accurate.
 * ν = Infinity is the standard normal.
 *
 * Quantile: solves ln F(e^u) = ln target for u = ln t by Newton's method on u, safeguarded by
 * bisection inside a bracket, where F is the tail (p < ¼ or p > ¾) or the centre (otherwise).
 * In u the tail is almost linear (ln P(T > t) ≈ const − ν ln t), so two or three steps suffice
 * even for ν < 1, whose quantiles can be astronomically large.
 */
import { logBeta, regularizedBeta } from './beta.js';
import { regularizedGamma } from './gamma.js';
import { normalCdf, normalPdf, normalQuantile } from './normal.js';

function checkDf(df: number, name: string): void {
  if (!(df > 0)) throw new RangeError(`${name}: df must be > 0, got ${df}`);
}

interface TailAndCentre {
  /** P(T > |t|). */
  readonly tail: number;
  /** P(0 < T < |t|) = ½ − tail. */
  readonly centre: number;
}

function tailAndCentre(absT: number, df: number): TailAndCentre {
  if (absT === 0) return { tail: 0.5, centre: 0 };
  if (absT === Infinity) return { tail: 0, centre: 0.5 };
  // Includes ν = ∞, where the correction terms vanish and this is the normal distribution.
  if (df === Infinity || (df >= LARGE_DF && absT < 0.2 * Math.sqrt(Math.sqrt(df)))) {
    return tailAndCentreLargeDf(absT, df);
  }
  const r = df / absT / absT; // ν / t², never overflows
  if (r < 1e-280) {
    // x = ν/(ν + t²) would be subnormal or zero (tiny ν, astronomically large t). Leading term of
    // the series I_x(a, b) = x^a / (a B(a, b)) · (1 + O(x)), in logs.
    const a = df / 2;
    const logTail = Math.log(0.5) + a * (Math.log(df) - 2 * Math.log(absT)) - Math.log(a) - logBeta(a, 0.5);
    const tail = Math.exp(logTail);
    return { tail, centre: 0.5 - tail };
  }
  const x = r / (1 + r);
  const y = 1 / (1 + r);
  const { lower, upper } = regularizedBeta(df / 2, 0.5, x, y);
  return { tail: 0.5 * lower, centre: 0.5 * upper };
}

/**
 * From this ν on, the continued fraction needs O(√ν) steps and loses digits to cancellation
 * (x = ν/(ν + t²) is within ν⁻¹ of 1), while the two-term asymptotic expansion below has a
 * truncation error of order t¹²/ν³ relative: it is used for |t| < 0.2 ν^¼ (11 at ν = 1e7,
 * 200 at ν = 1e12), which keeps it below ~1e-11; beyond that the fraction converges quickly.
 * Both were checked against 50-digit mpmath values from ν = 1e7 to 1e15.
 */
const LARGE_DF = 1e7;

/**
 * F_ν(t) = Φ(t) − φ(t) [ (t³ + t) / (4ν) + (3t⁷ − 7t⁵ − 5t³ − 3t) / (96ν²) ] + O(ν⁻³)
 * (Fisher, "Expansion of Student's integral in powers of n⁻¹", Metron 5, 1925; checked against
 * arbitrary-precision values in the tests).
 */
function tailAndCentreLargeDf(absT: number, df: number): TailAndCentre {
  const t = absT;
  const t2 = t * t;
  const correction =
    normalPdf(t) *
    ((t * (t2 + 1)) / (4 * df) + (t * (((3 * t2 - 7) * t2 - 5) * t2 - 3)) / (96 * df * df));
  const { lower: erf, upper: erfc } = regularizedGamma(0.5, 0.5 * t2); // erf(t/√2), erfc(t/√2)
  return { tail: 0.5 * erfc + correction, centre: 0.5 * erf - correction };
}

/** P(T ≤ t) for T ~ t(df). */
export function studentTCdf(t: number, df: number): number {
  checkDf(df, 'studentTCdf');
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t is NaN');
  const { tail, centre } = tailAndCentre(Math.abs(t), df);
  return t < 0 ? tail : 0.5 + centre;
}

/** P(T > t) for T ~ t(df). */
export function studentTSf(t: number, df: number): number {
  checkDf(df, 'studentTSf');
  if (Number.isNaN(t)) throw new RangeError('studentTSf: t is NaN');
  return studentTCdf(-t, df);
}

/** ln of the t density. */
function studentTLogPdf(t: number, df: number): number {
  if (df === Infinity) return Math.log(normalPdf(t));
  return -logBeta(df / 2, 0.5) - 0.5 * Math.log(df) - ((df + 1) / 2) * Math.log1p((t / df) * t);
}

/** Density of t(df) at t. */
export function studentTPdf(t: number, df: number): number {
  checkDf(df, 'studentTPdf');
  if (Number.isNaN(t)) throw new RangeError('studentTPdf: t is NaN');
  return Math.exp(studentTLogPdf(t, df));
}

const U_MIN = -745; // e^u underflows below this
const U_MAX = 709; // e^u overflows above this

/** Quantile of t(df): the t with P(T ≤ t) = p. ±Infinity at p = 0, 1 (or beyond double range). */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df, 'studentTQuantile');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must lie in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  const sign = p < 0.5 ? -1 : 1;
  const q = p < 0.5 ? p : 1 - p; // upper-tail probability of |t|; exact (Sterbenz)
  const useTail = q < 0.25;
  const target = useTail ? q : 0.5 - q; // exact for q in [¼, ½]
  const logTarget = Math.log(target);
  // s·f(u) is increasing in u.
  const s = useTail ? -1 : 1;
  const f = (u: number): number => {
    const tc = tailAndCentre(Math.exp(u), df);
    return Math.log(useTail ? tc.tail : tc.centre) - logTarget;
  };

  // Starting point: Cornish–Fisher first-order correction of the normal quantile.
  const z = normalQuantile(1 - q);
  const t0 = z + (z * z * z + z) / (4 * df);
  let u = Number.isFinite(t0) && t0 > 0 ? Math.log(t0) : Math.log(z);
  let fu = f(u);
  if (fu === 0) return sign * Math.exp(u);

  // Bracket the root in u.
  let lo: number;
  let hi: number;
  {
    const dir = s * fu < 0 ? 1 : -1; // move up if s·f < 0
    let step = 1;
    let prev = u;
    let next = u;
    for (;;) {
      next = Math.min(U_MAX, Math.max(U_MIN, prev + dir * step));
      const fn = f(next);
      if (Math.sign(s * fn) !== Math.sign(s * fu) || fn === 0) {
        lo = Math.min(prev, next);
        hi = Math.max(prev, next);
        u = next;
        fu = fn;
        break;
      }
      if (next === U_MAX) return sign * Infinity;
      if (next === U_MIN) return sign * Math.exp(U_MIN);
      prev = next;
      fu = fn;
      u = next;
      step *= 2;
    }
  }
  if (fu === 0) return sign * Math.exp(u);

  // Safeguarded Newton on u.
  for (let i = 0; i < 200; i++) {
    const t = Math.exp(u);
    const tc = tailAndCentre(t, df);
    const value = useTail ? tc.tail : tc.centre;
    fu = Math.log(value) - logTarget;
    if (fu === 0) break;
    if (s * fu > 0) hi = u;
    else lo = u;
    // d/du ln F(e^u) = ±pdf(t)·t / F
    const derivative = (s * Math.exp(studentTLogPdf(t, df)) * t) / value;
    let next = u - fu / derivative;
    if (!Number.isFinite(next) || next <= lo || next >= hi) next = 0.5 * (lo + hi);
    const converged = Math.abs(next - u) <= 2e-16 * Math.max(1, Math.abs(u)) || hi - lo <= 2e-16 * Math.max(1, Math.abs(u));
    u = next;
    if (converged) break;
  }
  return sign * Math.exp(u);
}
