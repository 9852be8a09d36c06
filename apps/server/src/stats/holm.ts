/**
 * Holm (1979) step-down adjustment of p-values for k comparisons (e.g. k treatments against one
 * control). With the m non-null p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎:
 *   p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1) p₍ⱼ₎).
 * Rejecting where p̃ < α controls the family-wise error rate at α. null entries (comparisons
 * whose test is undefined) are not counted in m and stay null.
 */
import { checkProbability } from './validate.js';

export interface AdjustedPValue {
  readonly raw: number | null;
  readonly adjusted: number | null;
}

/** Raw and Holm-adjusted p-values, in the input order. */
export function holmBonferroni(pValues: readonly (number | null)[]): AdjustedPValue[] {
  const indexed: { index: number; p: number }[] = [];
  pValues.forEach((p, index) => {
    if (p === null) return;
    checkProbability(`pValues[${index}]`, p);
    indexed.push({ index, p });
  });
  indexed.sort((a, b) => a.p - b.p || a.index - b.index);
  const m = indexed.length;
  const adjusted = new Map<number, number>();
  let running = 0;
  indexed.forEach(({ index, p }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted.set(index, running);
  });
  return pValues.map((raw, index) => ({ raw, adjusted: raw === null ? null : (adjusted.get(index) ?? null) }));
}
