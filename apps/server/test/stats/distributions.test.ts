/**
 * Distributions against independent references:
 * - reference/scipy-values.json, printed by reference/compute_reference.py (SciPy 1.17.1, which
 *   uses Cephes/Boost; mpmath at 50 digits for t with ν ≥ 1e7 and for ν = 0.05, where SciPy is wrong);
 * - closed forms that share nothing with the implementation (Cauchy = t₁, t₂, χ²₂, χ²₄);
 * - textbook critical values (Abramowitz & Stegun tables 26.1 and 26.10).
 * Tolerances are relative and far tighter than the 4 significant digits the issue asks for.
 */
import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareSf,
  logBeta,
  logGamma,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTPdf,
  studentTQuantile,
  studentTSf,
  tCritical,
  zCritical,
} from '../../src/stats/index.js';
import { expectRel } from './helpers.js';
import reference from './reference/scipy-values.json' with { type: 'json' };

function parse(key: string): number[] {
  return key.split('|').map(Number);
}

describe('normal distribution', () => {
  it('matches SciPy norm.cdf, including the far tails', () => {
    for (const [z, expected] of Object.entries(reference.normal_cdf)) {
      expectRel(normalCdf(Number(z)), expected, 1e-12);
    }
  });

  it('matches SciPy norm.ppf from 1e-300 to 1 − 1e-12', () => {
    for (const [p, expected] of Object.entries(reference.normal_quantile)) {
      expectRel(normalQuantile(Number(p)), expected, 1e-11);
    }
  });

  it('gives the textbook critical values (A&S table 26.1: 1.959964, 2.575829, 1.644854; Φ(1.96) = 0.9750021)', () => {
    expectRel(zCritical(0.95), 1.959963984540054, 1e-14);
    expectRel(zCritical(0.99), 2.5758293035489004, 1e-14);
    expectRel(zCritical(0.9), 1.6448536269514722, 1e-14);
    expectRel(normalCdf(1.96), 0.9750021048517795, 1e-14);
  });

  it('is symmetric and has the limits', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expectRel(normalSf(4), normalCdf(-4), 1e-15);
    for (const p of [1e-200, 1e-9, 0.01, 0.37, 0.5 + 1e-12]) expectRel(normalCdf(normalQuantile(p)), p, 1e-13);
  });

  it('rejects invalid arguments instead of returning NaN', () => {
    expect(() => normalQuantile(1.2)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
    expect(() => normalCdf(Number.NaN)).toThrow(RangeError);
  });
});

describe('Student t distribution', () => {
  it('matches SciPy t.cdf for ν from 0.3 to 1e6 and mpmath for ν from 1e7 to 1e15, far tails included', () => {
    for (const [key, expected] of Object.entries(reference.t_cdf)) {
      const [t, df] = parse(key) as [number, number];
      expectRel(studentTCdf(t, df), expected, 1e-9);
    }
  });

  it('matches SciPy t.ppf (and mpmath for ν ≥ 1e9 and ν = 0.05, where SciPy is wrong)', () => {
    for (const [key, expected] of Object.entries(reference.t_quantile)) {
      const [p, df] = parse(key) as [number, number];
      expectRel(studentTQuantile(p, df), expected, 1e-9);
    }
  });

  it('ν = 1 is the Cauchy distribution: F(t) = atan(−1/t)/π (t < 0), Q(p) = −cot(πp)', () => {
    for (const t of [-1e6, -30, -1, -0.2]) {
      expectRel(studentTCdf(t, 1), Math.atan(-1 / t) / Math.PI, 1e-12);
      expectRel(studentTCdf(-t, 1), 1 - Math.atan(-1 / t) / Math.PI, 1e-12);
    }
    for (const p of [1e-9, 0.01, 0.025, 0.3, 0.8, 0.975]) {
      expectRel(studentTQuantile(p, 1), -1 / Math.tan(Math.PI * p), 1e-10);
    }
  });

  it('ν = 2 has the closed form F(t) = ½ + t / (2√(2 + t²)), Q(p) = (2p − 1)/√(2p(1 − p))', () => {
    for (const t of [-100, -4.3, -1, 0.01, 2, 9]) {
      expectRel(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-12);
    }
    for (const p of [1e-8, 0.025, 0.4, 0.975, 0.999]) {
      expectRel(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-11);
    }
  });

  it('gives the two-sided 95% critical values of the t tables (A&S table 26.10 to 3 decimals: 12.706, 4.303, 2.228, 2.042, 1.980)', () => {
    // Full-precision values: R qt(0.975, df) = SciPy t.ppf(0.975, df).
    expectRel(tCritical(0.95, 1), 12.706204736174694, 1e-12);
    expectRel(tCritical(0.95, 2), 4.302652729749462, 1e-12);
    expectRel(tCritical(0.95, 10), 2.228138851986274, 1e-12);
    expectRel(tCritical(0.95, 30), 2.0422724563012378, 1e-12);
    expectRel(tCritical(0.95, 120), 1.9799304050824402, 1e-12);
  });

  it('inverts its own CDF for non-integer ν and tends to the normal as ν → ∞', () => {
    for (const df of [0.15, 0.7, 3.3, 17.9, 4105.07, 2.5e7]) {
      for (const p of [1e-15, 1e-4, 0.05, 0.5 - 1e-9, 0.5 + 1e-9, 0.95]) {
        expectRel(studentTCdf(studentTQuantile(p, df), df), p, 1e-11);
      }
    }
    expect(studentTCdf(1.5, Infinity)).toBe(normalCdf(1.5));
    expect(studentTQuantile(0.975, Infinity)).toBe(normalQuantile(0.975));
    expectRel(studentTSf(2.1, 7.3), studentTCdf(-2.1, 7.3), 1e-15);
  });

  it('density has the closed forms 1/(π(1 + t²)) for ν = 1 and (2 + t²)^(−3/2) for ν = 2', () => {
    for (const t of [0, 0.3, -2, 15]) {
      expectRel(studentTPdf(t, 1), 1 / (Math.PI * (1 + t * t)), 1e-13);
      expectRel(studentTPdf(t, 2), (2 + t * t) ** -1.5, 1e-13);
    }
    expectRel(studentTPdf(0.4, Infinity), normalPdf(0.4), 1e-15);
    expectRel(normalPdf(0), 1 / Math.sqrt(2 * Math.PI), 1e-15);
  });

  it('returns ±Infinity and 0/1 at the limits, never NaN', () => {
    expect(studentTQuantile(0, 5)).toBe(-Infinity);
    expect(studentTQuantile(1, 5)).toBe(Infinity);
    expect(studentTQuantile(0.5, 0.01)).toBe(0);
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    // ν = 0.001: the 2.5% quantile is far beyond the double range
    expect(studentTQuantile(0.025, 0.001)).toBe(-Infinity);
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, -1)).toThrow(RangeError);
  });
});

describe('chi-square distribution', () => {
  it('matches SciPy chi2.sf', () => {
    for (const [key, expected] of Object.entries(reference.chi2_sf)) {
      const [x, k] = parse(key) as [number, number];
      expectRel(chiSquareSf(x, k), expected, 1e-10);
    }
  });

  it('has the closed forms Q(x; 2) = e^{−x/2} and Q(x; 4) = e^{−x/2}(1 + x/2)', () => {
    for (const x of [0.001, 0.7, 5.99, 40, 700]) {
      expectRel(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-13);
      expectRel(chiSquareSf(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-13);
    }
  });

  it('gives the textbook 5% and 0.1% critical points for 1 df: 3.841459, 10.827566', () => {
    expectRel(chiSquareSf(3.841458820694124, 1), 0.05, 1e-12);
    expectRel(chiSquareSf(10.827566170662733, 1), 0.001, 1e-12);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareCdf(0, 3)).toBe(0);
    expectRel(chiSquareCdf(4.2, 3) + chiSquareSf(4.2, 3), 1, 1e-15);
  });
});

describe('special functions', () => {
  it('log Γ matches known values (Γ(½) = √π, Γ(n) = (n − 1)!)', () => {
    expectRel(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    expectRel(logGamma(11), Math.log(3628800), 1e-14);
    expectRel(logGamma(171), 706.5730622457875, 1e-14); // ln 170!
  });

  it('log B keeps full precision for huge arguments (mpmath: ln B(1e6, ½) = −6.335390211057437)', () => {
    // SciPy's betaln is off by 1e-9 here; the value is from mpmath at 40 digits.
    expectRel(logBeta(1e6, 0.5), -6.335390211057437, 1e-14);
    expectRel(logBeta(3, 4), Math.log(1 / 60), 1e-14);
  });
});
