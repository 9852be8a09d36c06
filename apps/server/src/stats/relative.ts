/**
 * Relative difference (μ_t − μ_c) / μ_c = μ_t / μ_c − 1 with the delta-method variance of a ratio
 * of independent means (as GrowthBook's frequentist engine, gbstats `frequentist_variance` with
 * relative = true):
 *
 *   Var(μ̂_t / μ̂_c) ≈ Var(μ̂_t) / μ_c² + μ_t² Var(μ̂_c) / μ_c⁴
 *
 * where Var(μ̂) is the squared standard error of each arm's estimate.
 */

export interface RelativeDelta {
  readonly estimate: number;
  readonly standardError: number;
}

/** null when the control estimate is 0 (the ratio is undefined). */
export function relativeDifferenceDelta(
  control: number,
  controlSe: number,
  treatment: number,
  treatmentSe: number,
): RelativeDelta | null {
  if (control === 0) return null;
  const c2 = control * control;
  const variance = (treatmentSe * treatmentSe) / c2 + (treatment * treatment * controlSe * controlSe) / (c2 * c2);
  return { estimate: treatment / control - 1, standardError: Math.sqrt(variance) };
}
