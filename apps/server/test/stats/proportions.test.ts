/**
 * Proportions against published worked examples and independent recomputation.
 * - Wilson intervals: Newcombe RG (1998a), "Two-sided confidence intervals for the single
 *   proportion: comparison of seven methods", Stat Med 17:857–872, Table I, method 3 (score
 *   interval without continuity correction), printed to 4 decimals.
 * - Differences: Newcombe RG (1998b), "Interval estimation for the difference between independent
 *   proportions: comparison of eleven methods", Stat Med 17:873–890, Table II: method 1 (Wald,
 *   unpooled SE — our interval) and method 10 (hybrid score — newcombeDifferenceInterval).
 * - Everything else: reference/compute_reference.py, which rebuilds each arm as a raw 0/1 array
 *   (NumPy means and variances), computes the pooled z and checks z² against SciPy's
 *   chi2_contingency (Pearson χ² of the 2×2 table, no continuity correction), whose p-value is
 *   the reference.
 */
import { describe, expect, it } from 'vitest';
import {
  compareProportions,
  newcombeDifferenceInterval,
  summarizeProportion,
  wilsonInterval,
} from '../../src/stats/index.js';
import { expectAbs, expectRel } from './helpers.js';
import reference from './reference/scipy-values.json' with { type: 'json' };

describe('Wilson score interval', () => {
  it('reproduces Newcombe (1998a) Table I, method 3', () => {
    const published: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lower, upper] of published) {
      const ci = wilsonInterval(x, n);
      expectAbs(ci?.lower, lower, 5e-5);
      expectAbs(ci?.upper, upper, 5e-5);
    }
  });

  it('matches the textbook formula evaluated independently (compute_reference.py) at 90, 95 and 99%', () => {
    for (const [key, [lower, upper]] of Object.entries(reference.wilson)) {
      const [counts, conf] = key.split('@') as [string, string];
      const [x, n] = counts.split('/').map(Number) as [number, number];
      const ci = wilsonInterval(x, n, Number(conf));
      expectRel(ci?.lower, lower as number, 1e-12);
      expectRel(ci?.upper, upper as number, 1e-12);
    }
  });

  it('stays inside [0, 1] with exact bounds at p̂ = 0 and p̂ = 1', () => {
    expect(wilsonInterval(0, 5)?.lower).toBe(0);
    expect(wilsonInterval(5, 5)?.upper).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('summarizes a proportion', () => {
    const s = summarizeProportion({ successes: 81, n: 263 });
    expectRel(s.proportion, 81 / 263, 1e-15);
    expectRel(s.standardError, Math.sqrt(((81 / 263) * (182 / 263)) / 263), 1e-14);
    expect(s.ci).toEqual(wilsonInterval(81, 263));
    expect(summarizeProportion({ successes: 0, n: 0 })).toMatchObject({ proportion: null, standardError: null, ci: null });
  });
});

describe('difference of two proportions', () => {
  it('Wald interval reproduces Newcombe (1998b) Table II, method 1: 56/70 − 48/80 → 0.0575 to 0.3425', () => {
    const r = compareProportions({ successes: 48, n: 80 }, { successes: 56, n: 70 });
    expectRel(r.absolute?.estimate, 0.2, 1e-12);
    expectAbs(r.absolute?.ci?.lower, 0.0575, 5e-5);
    expectAbs(r.absolute?.ci?.upper, 0.3425, 5e-5);
    // 9/10 − 3/10 → 0.2605 to 0.9395
    const b = compareProportions({ successes: 3, n: 10 }, { successes: 9, n: 10 });
    expectAbs(b.absolute?.ci?.lower, 0.2605, 5e-5);
    expectAbs(b.absolute?.ci?.upper, 0.9395, 5e-5);
  });

  it('hybrid score interval reproduces Newcombe (1998b) Table II, method 10', () => {
    const published: [number, number, number, number, number, number][] = [
      // treatment x/n, control x/n, lower, upper
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
    ];
    for (const [xt, nt, xc, nc, lower, upper] of published) {
      const ci = newcombeDifferenceInterval({ successes: xc, n: nc }, { successes: xt, n: nt });
      expectAbs(ci?.lower, lower, 5e-5);
      expectAbs(ci?.upper, upper, 5e-5);
    }
    for (const [key, [lower, upper]] of Object.entries(reference.newcombe)) {
      const [c, t] = key.split(' vs ').map((s) => s.split('/').map(Number)) as [[number, number], [number, number]];
      const ci = newcombeDifferenceInterval({ successes: c[0], n: c[1] }, { successes: t[0], n: t[1] });
      expectRel(ci?.lower, lower as number, 1e-12);
      expectRel(ci?.upper, upper as number, 1e-12);
    }
  });

  it('z-test, interval and delta-method relative difference match compute_reference.py', () => {
    for (const [key, ref] of Object.entries(reference.compare_props)) {
      const [c, t] = key.split(' vs ').map((s) => s.split('/').map(Number)) as [[number, number], [number, number]];
      const r = compareProportions({ successes: c[0], n: c[1] }, { successes: t[0], n: t[1] });
      expect(r.test).toBe('two_proportion_z');
      expect(r.df).toBeNull();
      expectRel(r.absolute?.estimate, ref.diff, 1e-12);
      expectRel(r.absolute?.ci?.lower, ref.ci[0] as number, 1e-10);
      expectRel(r.absolute?.ci?.upper, ref.ci[1] as number, 1e-10);
      expectRel(r.statistic, ref.z, 1e-12);
      expectRel(r.pValue, ref.p, 1e-9);
      expectRel(r.relative?.estimate, ref.rel, 1e-12);
      expectRel(r.relative?.standardError, ref.rel_se, 1e-12);
      expectRel(r.relative?.ci?.lower, ref.rel_ci[0] as number, 1e-10);
      expectRel(r.relative?.ci?.upper, ref.rel_ci[1] as number, 1e-10);
      expectRel(r.relative?.pValue, ref.rel_p, 1e-9);
    }
  });

  it('hand check: 120/1000 vs 151/1000 gives z = 0.031 / √(0.1355·0.8645·0.002) = 2.0253', () => {
    const r = compareProportions({ successes: 120, n: 1000 }, { successes: 151, n: 1000 });
    expectAbs(r.statistic, 2.0253, 5e-5);
    expectAbs(r.pValue, 0.0428, 5e-5);
  });

  it('is antisymmetric when the arms are swapped', () => {
    const a = compareProportions({ successes: 48, n: 80 }, { successes: 56, n: 70 });
    const b = compareProportions({ successes: 56, n: 70 }, { successes: 48, n: 80 });
    expectRel(b.absolute?.estimate, -(a.absolute?.estimate ?? 0), 1e-15);
    expectRel(b.statistic, -(a.statistic ?? 0), 1e-15);
    expectRel(b.pValue, a.pValue ?? 0, 1e-15);
  });

  it('honours the confidence level', () => {
    const r = compareProportions({ successes: 48, n: 80 }, { successes: 56, n: 70 }, { confidence: 0.99 });
    const se = Math.sqrt((0.8 * 0.2) / 70 + (0.6 * 0.4) / 80);
    expectRel(r.absolute?.ci?.upper, 0.2 + 2.5758293035489004 * se, 1e-12);
    expect(r.confidence).toBe(0.99);
  });
});
