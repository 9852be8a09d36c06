/**
 * Means from sufficient statistics against published worked examples:
 * - Welch's t-test: the Rosetta Code task "Welch's t-test" (rosettacode.org/wiki/Welch%27s_t-test),
 *   whose expected p-values were computed with R's t.test(x, y) (var.equal = FALSE); for data set 1
 *   R also prints t = −2.45535639828601, df = 24.9885292902309, 95% CI −3.98409625405368 to
 *   −0.349237079279662. Cross-checked with SciPy ttest_ind(equal_var = False) in
 *   reference/compute_reference.py.
 * - GrowthBook's gbstats test suite (packages/stats/tests/frequentist/test_tests.py):
 *   (a) Statistic(value 0.41, stddev 3.9, n 3407) vs (0.7, 6.2, 3461): expected 0.29,
 *       CI [0.04538, 0.53462], p = 0.02016 (absolute);
 *   (b) SampleMeanStatistic(sum 1922.7, sum_squares 94698.29, n 2461) against (1196.87,
 *       37377.9767, 2507), relative: expected 0.63646, CI [−0.0875, 1.36048], p = 0.08487,
 *       Welch–Satterthwaite df 4105.070.
 * - One-sample t-intervals: SciPy t.interval on raw arrays (compute_reference.py).
 */
import { describe, expect, it } from 'vitest';
import {
  addSufficientStats,
  compareMeans,
  sampleVariance,
  sufficientStatsFromCounts,
  sufficientStatsFromValues,
  summarizeMean,
  welchSatterthwaiteDf,
  type SufficientStats,
} from '../../src/stats/index.js';
import { expectAbs, expectRel } from './helpers.js';
import reference from './reference/scipy-values.json' with { type: 'json' };

const ROSETTA: Record<string, [number[], number[], number]> = {
  // x, y, p-value printed by R
  '1': [
    [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
    [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
    0.021378001462867,
  ],
  '2': [
    [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
    [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8],
    0.148841696605327,
  ],
  '3': [
    [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0],
    [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 24.0, 13.2],
    0.0359722710297968,
  ],
  '4': [[30.02, 29.99, 30.11, 29.97, 30.01, 29.99], [29.89, 29.93, 29.72, 29.98, 30.02, 29.98], 0.090773324285671],
  '5': [[3.0, 4.0, 1.0, 2.1], [490.2, 340.0, 433.9], 0.0107515611497845],
  '6': [[0.010268, 0.000167, 0.000167], [0.159258, 0.136278, 0.122389], 0.00339907162713746],
  '7': [[1.0 / 15, 10.0 / 62.0], [1.0 / 10, 2 / 50.0], 0.52726574965384],
  '8': [[9 / 23.0, 21 / 45.0, 0 / 38.0], [0 / 44.0, 42 / 94.0, 0 / 22.0], 0.545266866977794],
};

/** Sufficient statistics from a mean, standard deviation and count (GrowthBook's Statistic). */
function fromMeanSd(mean: number, sd: number, n: number): SufficientStats {
  return { n, sum: mean * n, sumSquares: (n - 1) * sd * sd + n * mean * mean };
}

describe("Welch's t-test", () => {
  it('reproduces the eight Rosetta Code / R p-values', () => {
    for (const [x, y, p] of Object.values(ROSETTA)) {
      // difference = mean(x) − mean(y), as t.test(x, y): y is the control
      const r = compareMeans(sufficientStatsFromValues(y), sufficientStatsFromValues(x));
      expectRel(r.pValue, p, 1e-9);
    }
  });

  it("reproduces R's t.test output for Rosetta data set 1", () => {
    const [x, y] = ROSETTA['1'] as [number[], number[], number];
    const r = compareMeans(sufficientStatsFromValues(y), sufficientStatsFromValues(x));
    expect(r.test).toBe('welch_t');
    expectRel(r.statistic, -2.45535639828601, 1e-10);
    expectRel(r.df, 24.9885292902309, 1e-10);
    expectRel(r.absolute?.estimate, 20.82 - 22.9866666666666, 1e-10);
    expectRel(r.absolute?.ci?.lower, -3.98409625405368, 1e-7);
    expectRel(r.absolute?.ci?.upper, -0.349237079279662, 1e-7);
  });

  it('matches SciPy ttest_ind(equal_var=False) statistic, df, p and interval', () => {
    for (const [key, ref] of Object.entries(reference.welch)) {
      const [x, y] = ROSETTA[key] as [number[], number[], number];
      const r = compareMeans(sufficientStatsFromValues(y), sufficientStatsFromValues(x));
      expectRel(r.statistic, ref.t, 1e-10);
      expectRel(r.df, ref.df, 1e-10);
      expectRel(r.pValue, ref.p, 1e-9);
      expectRel(r.absolute?.ci?.lower, ref.ci[0] as number, 1e-9);
      expectRel(r.absolute?.ci?.upper, ref.ci[1] as number, 1e-9);
    }
  });

  it("reproduces GrowthBook's absolute example (a): 0.29, CI [0.04538, 0.53462], p = 0.02016", () => {
    const r = compareMeans(fromMeanSd(0.41, 3.9, 3407), fromMeanSd(0.7, 6.2, 3461));
    expectAbs(r.absolute?.estimate, 0.29, 5e-6);
    expectAbs(r.absolute?.ci?.lower, 0.04538, 5e-6);
    expectAbs(r.absolute?.ci?.upper, 0.53462, 5e-6);
    expectAbs(r.pValue, 0.02016, 5e-6);
    expectAbs(r.relative?.estimate, 0.70732, 5e-6);
  });

  it("reproduces GrowthBook's relative example (b) from sums and sums of squares", () => {
    const control = { n: 2507, sum: 1196.87, sumSquares: 37377.9767 };
    const treatment = { n: 2461, sum: 1922.7, sumSquares: 94698.29 };
    const r = compareMeans(control, treatment);
    expectAbs(r.df, 4105.07, 5e-4);
    expectAbs(r.relative?.estimate, 0.63646, 5e-5);
    expectAbs(r.relative?.ci?.lower, -0.0875, 5e-5);
    expectAbs(r.relative?.ci?.upper, 1.36048, 5e-5);
    expectAbs(r.relative?.pValue, 0.08487, 5e-5);
    // the Welch–Satterthwaite df on its own (gbstats test_utils / PostHog port: 4105.070)
    const df = welchSatterthwaiteDf(sampleVariance(treatment) ?? 0, 2461, sampleVariance(control) ?? 0, 2507);
    expectAbs(df, 4105.07, 5e-4);
  });
});

describe('one-arm mean and t-interval', () => {
  it('matches SciPy t.interval on the raw values', () => {
    const stars = sufficientStatsFromCounts({ 1: 4, 2: 6, 3: 15, 4: 40, 5: 35 });
    for (const [conf, key] of [[0.95, 'stars@0.95'], [0.9, 'stars@0.9']] as const) {
      const ref = reference.one_sample[key];
      const s = summarizeMean(stars, { confidence: conf });
      expectRel(s.mean, ref.mean, 1e-14);
      expectRel(s.variance, ref.var, 1e-13);
      expectRel(s.ci?.lower, ref.ci[0] as number, 1e-12);
      expectRel(s.ci?.upper, ref.ci[1] as number, 1e-12);
      expect(s.df).toBe(99);
    }
    const x = ROSETTA['1']?.[0] ?? [];
    const s = summarizeMean(sufficientStatsFromValues(x));
    const ref = reference.one_sample['rosetta1x@0.95'];
    expectRel(s.ci?.lower, ref.ci[0] as number, 1e-12);
    expectRel(s.ci?.upper, ref.ci[1] as number, 1e-12);
  });

  it('builds the same statistics from values, per-value counts and merged daily buckets', () => {
    const values = [5, 4, 4, 3, 5, 1, 2, 5, 5, 4];
    const fromValues = sufficientStatsFromValues(values);
    expect(sufficientStatsFromCounts(new Map([[1, 1], [2, 1], [3, 1], [4, 3], [5, 4]]))).toEqual(fromValues);
    expect(sufficientStatsFromCounts([0, 1, 1, 1, 3, 4])).toEqual(fromValues);
    const merged = addSufficientStats(sufficientStatsFromValues(values.slice(0, 4)), sufficientStatsFromValues(values.slice(4)));
    expect(merged).toEqual(fromValues);
  });
});
