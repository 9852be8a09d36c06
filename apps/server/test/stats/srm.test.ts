/**
 * Sample-ratio mismatch against SciPy's stats.chisquare (compute_reference.py) and a hand check:
 * 5000 vs 5200 at a 50/50 split: E = 5100 each, χ² = 2·100²/5100 = 3.92157, p = 0.0477 (1 df)
 * — not flagged at 0.001.
 */
import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from '../../src/stats/index.js';
import { expectAbs, expectRel } from './helpers.js';
import reference from './reference/scipy-values.json' with { type: 'json' };

describe('sample-ratio mismatch', () => {
  it('hand check: 5000 vs 5200', () => {
    const r = sampleRatioMismatch([5000, 5200]);
    expectAbs(r.chiSquare, 3.92157, 5e-6);
    expectAbs(r.pValue, 0.0477, 5e-5);
    expect(r.df).toBe(1);
    expect(r.expected).toEqual([5100, 5100]);
    expect(r.flagged).toBe(false);
  });

  it('matches SciPy chisquare for equal and weighted splits', () => {
    for (const [key, ref] of Object.entries(reference.srm)) {
      const [observed, weights] = JSON.parse(key) as [number[], number[] | null];
      const r = sampleRatioMismatch(observed, weights === null ? {} : { weights });
      expectRel(r.chiSquare, ref.chi2, 1e-12);
      expectRel(r.pValue, ref.p, 1e-10);
      expect(r.flagged).toBe(ref.p < 0.001);
    }
  });

  it('flags 821 / 1000 / 1012 (p = 5.5e-6) and honours a custom threshold', () => {
    expect(sampleRatioMismatch([821, 1000, 1012]).flagged).toBe(true);
    expect(sampleRatioMismatch([5000, 5200], { threshold: 0.05 }).flagged).toBe(true);
  });

  it('handles no exposures, a single variant and zero weights without NaN', () => {
    expect(sampleRatioMismatch([0, 0])).toMatchObject({ chiSquare: null, pValue: null, flagged: false, total: 0 });
    expect(sampleRatioMismatch([10])).toMatchObject({ chiSquare: null, pValue: null, flagged: false });
    // weight 0 with no exposures: left out (1 df remains)
    expect(sampleRatioMismatch([500, 500, 0], { weights: [1, 1, 0] })).toMatchObject({ df: 1, pValue: 1, flagged: false });
    // weight 0 with exposures: certain mismatch
    expect(sampleRatioMismatch([500, 500, 3], { weights: [1, 1, 0] })).toMatchObject({ chiSquare: null, pValue: 0, flagged: true });
    expect(() => sampleRatioMismatch([1, 2], { weights: [1] })).toThrow(RangeError);
    expect(() => sampleRatioMismatch([1, -2])).toThrow(RangeError);
  });
});
