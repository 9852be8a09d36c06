/**
 * NPS against an independent derivation: compute_reference.py expands the counts into one score
 * per respondent (+100 promoter, 0 passive, −100 detractor) and takes NumPy's mean and population
 * standard deviation / √n — the standard error of a mean of multinomial scores — instead of the
 * closed form Var = (p_prom + p_det − (p_prom − p_det)²)/n that the engine uses.
 * Hand-worked example (also in docs/statistics.md): 50 promoters, 30 passives, 20 detractors:
 * NPS = 100·(0.5 − 0.2) = 30; Var = (0.5 + 0.2 − 0.3²)/100 = 0.0061; SE = 100·√0.0061 = 7.8102;
 * 95% CI 30 ± 1.959964·7.8102 = 14.692 to 45.308.
 */
import { describe, expect, it } from 'vitest';
import { compareNps, npsCountsFromRatings, summarizeNps } from '../../src/stats/index.js';
import { expectAbs, expectRel } from './helpers.js';
import reference from './reference/scipy-values.json' with { type: 'json' };

function counts(key: string): { promoters: number; passives: number; detractors: number } {
  const [promoters, passives, detractors] = key.split(',').map(Number) as [number, number, number];
  return { promoters, passives, detractors };
}

describe('NPS', () => {
  it('hand-worked example: 50/30/20 → 30, SE 7.8102, CI 14.692 to 45.308', () => {
    const s = summarizeNps({ promoters: 50, passives: 30, detractors: 20 });
    expectRel(s.score, 30, 1e-14);
    expectAbs(s.standardError, 7.8102, 5e-5);
    expectAbs(s.ci?.lower, 14.692, 5e-4);
    expectAbs(s.ci?.upper, 45.308, 5e-4);
    expect(s.n).toBe(100);
  });

  it('matches the per-respondent computation for every case, clipped to [−100, 100]', () => {
    for (const [key, ref] of Object.entries(reference.nps)) {
      const s = summarizeNps(counts(key));
      expectRel(s.score, ref.score, 1e-13);
      expectRel(s.standardError, ref.se, 1e-12);
      expectRel(s.ci?.lower, ref.ci[0] as number, 1e-12);
      expectRel(s.ci?.upper, ref.ci[1] as number, 1e-12);
    }
  });

  it('compares two NPS by a z-test on the difference', () => {
    for (const [key, ref] of Object.entries(reference.nps_diff)) {
      const [c, t] = key.split(' vs ') as [string, string];
      const r = compareNps(counts(c), counts(t));
      expect(r.test).toBe('nps_z');
      expect(r.relative).toBeNull();
      expectRel(r.absolute?.estimate, ref.diff, 1e-12);
      expectRel(r.absolute?.standardError, ref.se, 1e-12);
      expectRel(r.statistic, ref.z, 1e-12);
      expectRel(r.pValue, ref.p, 1e-9);
      expectRel(r.absolute?.ci?.lower, ref.ci[0] as number, 1e-10);
      expectRel(r.absolute?.ci?.upper, ref.ci[1] as number, 1e-10);
    }
  });

  it('groups 0–10 ratings into detractors (0–6), passives (7–8) and promoters (9–10)', () => {
    expect(npsCountsFromRatings([1, 0, 0, 2, 0, 0, 3, 4, 5, 6, 7])).toEqual({ detractors: 6, passives: 9, promoters: 13 });
    expect(npsCountsFromRatings({ 10: 3, 6: 1, 8: 2 })).toEqual({ detractors: 1, passives: 2, promoters: 3 });
    expect(() => npsCountsFromRatings({ 11: 1 })).toThrow(RangeError);
  });
});
