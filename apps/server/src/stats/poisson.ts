/**
 * Poisson upper tail: P(X ≥ k) for X ~ Poisson(λ), via the regularized lower incomplete gamma
 * function, P(X ≥ k) = P(k, λ) for k ≥ 1. Used to say how surprising a day's count is against
 * a trailing daily rate (negative-feedback spikes).
 */
import { regularizedGammaP } from './gamma.js';
import { checkCount } from './validate.js';

export function poissonUpperTail(k: number, lambda: number): number {
  checkCount('k', k);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be finite and >= 0, got ${lambda}`);
  if (k === 0) return 1;
  if (lambda === 0) return 0;
  return regularizedGammaP(k, lambda);
}
