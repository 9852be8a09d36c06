/**
 * Holm–Bonferroni against the worked example of the Wikipedia article "Holm–Bonferroni method"
 * (four hypotheses, p = 0.01, 0.04, 0.03, 0.005, α = 0.05: H1 and H4 rejected), adjusted by hand:
 * sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.04·1, 0.06) = 0.06 — the same as R's
 * p.adjust(p, "holm").
 */
import { describe, expect, it } from 'vitest';
import { holmBonferroni } from '../../src/stats/index.js';
import { expectRel } from './helpers.js';

describe('Holm–Bonferroni', () => {
  it('reproduces the hand-worked example, raw and adjusted, in input order', () => {
    const r = holmBonferroni([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    r.forEach((x, i) => expectRel(x.adjusted, expected[i] as number, 1e-14));
    expect(r.map((x) => x.raw)).toEqual([0.01, 0.04, 0.03, 0.005]);
    expect(r.filter((x) => (x.adjusted ?? 1) < 0.05)).toHaveLength(2);
  });

  it('caps at 1, keeps monotonicity and treats null as "not tested"', () => {
    expect(holmBonferroni([0.5, 0.6, 0.9]).map((x) => x.adjusted)).toEqual([1, 1, 1]);
    const r = holmBonferroni([0.02, null, 0.01]);
    expect(r[1]).toEqual({ raw: null, adjusted: null });
    expectRel(r[0]?.adjusted, 0.02, 1e-15); // m = 2: 0.01·2 = 0.02, max(0.02·1, 0.02)
    expectRel(r[2]?.adjusted, 0.02, 1e-15);
    expect(holmBonferroni([0.03])[0]?.adjusted).toBe(0.03);
    expect(holmBonferroni([])).toEqual([]);
    expect(() => holmBonferroni([1.5])).toThrow(RangeError);
  });
});
