import { describe, expect, it } from 'vitest';
import { poissonUpperTail } from '../../src/stats/index.js';

/** P(X ≥ k) by the direct sum 1 − Σ_{i<k} e^−λ λ^i / i!, a different route than the incomplete gamma. */
function bySum(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= lambda / (i + 1);
  }
  return 1 - below;
}

describe('poissonUpperTail', () => {
  it.each([
    [6, 20 / 14],
    [5, 0.5],
    [1, 3],
    [12, 4],
    [30, 10],
  ])('P(X ≥ %i) at λ = %d matches the direct sum', (k, lambda) => {
    expect(poissonUpperTail(k, lambda)).toBeCloseTo(bySum(k, lambda), 12);
  });

  it('edges: k = 0 is certain; λ = 0 never reaches k ≥ 1; bad input throws', () => {
    expect(poissonUpperTail(0, 2)).toBe(1);
    expect(poissonUpperTail(3, 0)).toBe(0);
    expect(() => poissonUpperTail(-1, 1)).toThrow(RangeError);
    expect(() => poissonUpperTail(1, Number.NaN)).toThrow(RangeError);
  });
});
