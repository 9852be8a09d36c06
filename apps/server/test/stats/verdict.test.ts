/** Verdict rules (see docs/statistics.md, "Verdict"); inputs are the worked examples of the other tests. */
import { describe, expect, it } from 'vitest';
import {
  compareMeans,
  compareNps,
  compareProportions,
  holmBonferroni,
  verdict,
  type SufficientStats,
} from '../../src/stats/index.js';

function fromMeanSd(mean: number, sd: number, n: number): SufficientStats {
  return { n, sum: mean * n, sumSquares: (n - 1) * sd * sd + n * mean * mean };
}

describe('verdict', () => {
  it('better: significant and the interval excludes zero in the good direction', () => {
    const v = verdict(compareMeans(fromMeanSd(0.41, 3.9, 3407), fromMeanSd(0.7, 6.2, 3461)), {
      treatmentLabel: 'variant B',
      controlLabel: 'control',
      metricLabel: 'the average rating',
    });
    expect(v.verdict).toBe('better');
    expect(v.explanation).toBe(
      'Variant B is better than control: the average rating is 0.29 higher (95% CI +0.0454 to +0.535, p = 0.02).',
    );
  });

  it('worse when lower is better, with percentage points for proportions', () => {
    const cmp = compareProportions({ successes: 48, n: 80 }, { successes: 56, n: 70 });
    const v = verdict(cmp, { higherIsBetter: false, metricLabel: 'the complaint rate' });
    expect(v.verdict).toBe('worse');
    expect(v.explanation).toBe(
      'The treatment is worse than the control: the complaint rate is 20 percentage points higher (95% CI +5.75 to +34.2, p = 0.008).',
    );
    expect(verdict(compareProportions({ successes: 56, n: 70 }, { successes: 48, n: 80 })).verdict).toBe('worse');
  });

  it('no detectable difference when p ≥ α', () => {
    const v = verdict(compareNps({ promoters: 50, passives: 30, detractors: 20 }, { promoters: 60, passives: 25, detractors: 15 }), {
      metricLabel: 'NPS',
    });
    expect(v.verdict).toBe('no_detectable_difference');
    expect(v.explanation).toBe(
      'No detectable difference in NPS between the treatment and the control: the difference is +15 points (95% CI -6.09 to +36.1, p = 0.16), consistent with no difference.',
    );
  });

  it('no detectable difference when the p-value and the interval disagree (borderline)', () => {
    const v = verdict({
      control: { n: 100 },
      treatment: { n: 100 },
      absolute: { estimate: 0.1, ci: { lower: -0.001, upper: 0.2 } },
      pValue: 0.049,
    });
    expect(v.verdict).toBe('no_detectable_difference');
    expect(v.explanation).toContain('borderline');
  });

  it('not enough data below the minimum count per arm (default 30, configurable)', () => {
    const cmp = compareProportions({ successes: 8, n: 29 }, { successes: 25, n: 30 });
    const v = verdict(cmp);
    expect(v.verdict).toBe('not_enough_data');
    expect(v.explanation).toBe(
      'Not enough data: each arm needs at least 30 observations, but the treatment has 30 and the control has 29.',
    );
    expect(verdict(cmp, { minCountPerArm: 20 }).verdict).toBe('better');
  });

  it('not enough data when the test is undefined (no variation) or the variance cannot be estimated', () => {
    expect(verdict(compareProportions({ successes: 0, n: 500 }, { successes: 0, n: 500 })).verdict).toBe('not_enough_data');
    expect(verdict(compareMeans({ n: 40, sum: 200, sumSquares: 1000 }, { n: 40, sum: 160, sumSquares: 640 })).verdict).toBe(
      'not_enough_data',
    );
    const v = verdict(compareMeans({ n: 1, sum: 3, sumSquares: 9 }, { n: 50, sum: 200, sumSquares: 900 }), { minCountPerArm: 0 });
    expect(v.verdict).toBe('not_enough_data');
    expect(v.explanation).toContain('too few observations');
  });

  it('uses a Holm-adjusted p-value when one is passed in', () => {
    const cmp = compareProportions({ successes: 120, n: 1000 }, { successes: 151, n: 1000 }); // p = 0.0428
    expect(verdict(cmp).verdict).toBe('better');
    const [adjusted] = holmBonferroni([cmp.pValue, 0.3]);
    expect(verdict({ ...cmp, pValue: adjusted?.adjusted ?? null }).verdict).toBe('no_detectable_difference');
  });

  it('treats p = α exactly as not significant, and takes an explicit alpha', () => {
    const input = {
      control: { n: 100 },
      treatment: { n: 100 },
      absolute: { estimate: 0.1, ci: { lower: 0.01, upper: 0.2 } },
      pValue: 0.05,
    };
    expect(verdict(input).verdict).toBe('no_detectable_difference');
    expect(verdict(input, { alpha: 0.1 }).verdict).toBe('better');
  });

  it('respects alpha and the confidence of the comparison', () => {
    const cmp = compareProportions({ successes: 120, n: 1000 }, { successes: 151, n: 1000 }, { confidence: 0.99 });
    expect(verdict(cmp).verdict).toBe('no_detectable_difference'); // α = 0.01
    expect(verdict(cmp).explanation).toContain('99% CI');
  });
});
