/** Input checks. Invalid input is a programming error: it throws RangeError instead of producing NaN. */

export const DEFAULT_CONFIDENCE = 0.95;

/** Returns the confidence level, checked to lie strictly between 0 and 1. */
export function checkConfidence(confidence: number | undefined): number {
  const c = confidence ?? DEFAULT_CONFIDENCE;
  if (!(c > 0 && c < 1)) throw new RangeError(`confidence must lie strictly between 0 and 1, got ${c}`);
  return c;
}

/** A count: a finite, non-negative integer. */
export function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** A finite number. */
export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/** A probability in [0, 1]. */
export function checkProbability(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must lie in [0, 1], got ${value}`);
}
