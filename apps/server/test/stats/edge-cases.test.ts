/**
 * Edge cases: empty arms, single observations, zero variance, proportions of 0 and 1, identical
 * arms. Expected values are derived by hand from the definitions (docs/statistics.md, "Edge
 * cases"); the sweeps check that no NaN or Infinity ever leaks into a result.
 */
import { describe, expect, it } from 'vitest';
import {
  compareMeans,
  compareNps,
  compareProportions,
  sampleRatioMismatch,
  summarizeMean,
  summarizeNps,
  summarizeProportion,
  verdict,
} from '../../src/stats/index.js';
import { expectAllFinite, expectRel } from './helpers.js';

describe('proportions at the edges', () => {
  it('an empty arm gives null estimates', () => {
    const r = compareProportions({ successes: 0, n: 0 }, { successes: 3, n: 10 });
    expect(r).toMatchObject({ absolute: null, relative: null, statistic: null, pValue: null });
    expect(r.control.estimate).toBeNull();
    expect(r.treatment.estimate).toBe(0.3);
  });

  it('both arms all failures (or all successes): difference 0, test undefined', () => {
    for (const [x, n] of [[0, 200], [200, 200]] as const) {
      const r = compareProportions({ successes: x, n }, { successes: x, n });
      expect(r.absolute).toEqual({ estimate: 0, standardError: 0, ci: { lower: 0, upper: 0 } });
      expect(r.statistic).toBeNull();
      expect(r.pValue).toBeNull();
    }
  });

  it('a control proportion of 0 makes the relative difference undefined (null), not Infinity', () => {
    const r = compareProportions({ successes: 0, n: 100 }, { successes: 4, n: 100 });
    expect(r.relative).toBeNull();
    expectRel(r.absolute?.estimate, 0.04, 1e-15);
    expect(r.pValue).not.toBeNull();
  });

  it('identical arms give z = 0 and p = 1', () => {
    const r = compareProportions({ successes: 37, n: 90 }, { successes: 37, n: 90 });
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.relative?.estimate).toBe(0);
  });

  it('0% against 100% is a certain difference with a degenerate Wald interval', () => {
    const r = compareProportions({ successes: 0, n: 50 }, { successes: 50, n: 50 });
    expect(r.absolute?.ci).toEqual({ lower: 1, upper: 1 });
    expect(r.pValue).toBeLessThan(1e-20);
    expect(verdict(r).verdict).toBe('better');
  });
});

describe('means at the edges', () => {
  it('n = 0 and n = 1', () => {
    expect(summarizeMean({ n: 0, sum: 0, sumSquares: 0 })).toMatchObject({ mean: null, variance: null, ci: null });
    expect(summarizeMean({ n: 1, sum: 4, sumSquares: 16 })).toMatchObject({ mean: 4, variance: null, standardError: null, ci: null });
    const r = compareMeans({ n: 1, sum: 4, sumSquares: 16 }, { n: 10, sum: 45, sumSquares: 215 });
    expect(r.absolute).toEqual({ estimate: 0.5, standardError: null, ci: null });
    expect(r).toMatchObject({ statistic: null, df: null, pValue: null });
    expect(r.relative).toMatchObject({ estimate: 0.125, standardError: null, ci: null, pValue: null });
  });

  it('zero variance: a point interval for one arm; both arms constant leaves the test undefined', () => {
    const constant = summarizeMean({ n: 5, sum: 20, sumSquares: 80 });
    expect(constant).toMatchObject({ mean: 4, variance: 0, standardError: 0, ci: { lower: 4, upper: 4 } });
    const r = compareMeans({ n: 5, sum: 20, sumSquares: 80 }, { n: 5, sum: 25, sumSquares: 125 });
    expect(r.absolute).toEqual({ estimate: 1, standardError: 0, ci: { lower: 1, upper: 1 } });
    expect(r).toMatchObject({ statistic: null, df: null, pValue: null });
  });

  it('one constant arm: Welch df reduces to n − 1 of the other arm', () => {
    const r = compareMeans({ n: 5, sum: 20, sumSquares: 80 }, { n: 8, sum: 36, sumSquares: 170 });
    expectRel(r.df, 7, 1e-12);
    expect(r.pValue).not.toBeNull();
  });

  it('10 million identical ratings: rounding in Σx² − (Σx)²/n is clamped to variance 0', () => {
    const n = 10_000_000;
    const s = summarizeMean({ n, sum: 3 * n, sumSquares: 9 * n });
    expect(s.variance).toBe(0);
    const mixed = summarizeMean({ n, sum: 4.1 * n, sumSquares: (n - 1) * 1.21 + n * 4.1 * 4.1 });
    expectRel(mixed.variance, 1.21, 1e-8);
  });

  it('identical arms give t = 0, p = 1; a control mean of 0 gives a null relative difference', () => {
    const arm = { n: 40, sum: 150, sumSquares: 600 };
    const r = compareMeans(arm, arm);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
    expect(compareMeans({ n: 40, sum: 0, sumSquares: 30 }, arm).relative).toBeNull();
  });

  it('rejects invalid sufficient statistics instead of returning NaN', () => {
    expect(() => summarizeMean({ n: 2.5, sum: 1, sumSquares: 1 })).toThrow(RangeError);
    expect(() => summarizeMean({ n: 3, sum: Number.NaN, sumSquares: 1 })).toThrow(RangeError);
    expect(() => compareProportions({ successes: 5, n: 4 }, { successes: 1, n: 4 })).toThrow(RangeError);
    expect(() => summarizeProportion({ successes: 1, n: 4 }, { confidence: 1 })).toThrow(RangeError);
  });
});

describe('NPS at the edges', () => {
  it('n = 0, a single response, unanimous arms', () => {
    expect(summarizeNps({ promoters: 0, passives: 0, detractors: 0 })).toMatchObject({ score: null, standardError: null, ci: null });
    expect(summarizeNps({ promoters: 1, passives: 0, detractors: 0 })).toMatchObject({ score: 100, standardError: 0, ci: { lower: 100, upper: 100 } });
    const r = compareNps({ promoters: 40, passives: 0, detractors: 0 }, { promoters: 40, passives: 0, detractors: 0 });
    expect(r).toMatchObject({ statistic: null, pValue: null, absolute: { estimate: 0 } });
    expect(verdict(r).verdict).toBe('not_enough_data');
  });
});

describe('no NaN or Infinity for any small input', () => {
  it('sweeps all small count combinations', () => {
    const ns = [0, 1, 2, 3, 30];
    for (const nc of ns) {
      for (const nt of ns) {
        for (const xc of [0, 1, nc].filter((x) => x <= nc)) {
          for (const xt of [0, 1, nt].filter((x) => x <= nt)) {
            const p = compareProportions({ successes: xc, n: nc }, { successes: xt, n: nt });
            expectAllFinite(p);
            expectAllFinite(verdict(p));
            expectAllFinite(summarizeProportion({ successes: xt, n: nt }));
            const m = compareMeans(
              { n: nc, sum: xc * 5, sumSquares: xc * 25 },
              { n: nt, sum: xt * 4 + (nt - xt), sumSquares: xt * 16 + (nt - xt) },
            );
            expectAllFinite(m);
            expectAllFinite(verdict(m, { minCountPerArm: 0 }));
            const c = { promoters: xc, passives: 0, detractors: nc - xc };
            const t = { promoters: xt, passives: nt - xt, detractors: 0 };
            expectAllFinite(compareNps(c, t));
            expectAllFinite(summarizeNps(t));
            expectAllFinite(sampleRatioMismatch([nc, nt]));
          }
        }
      }
    }
  });
});
