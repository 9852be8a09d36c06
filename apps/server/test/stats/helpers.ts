import { expect } from 'vitest';

/** |actual − expected| ≤ rel·|expected| (or ≤ rel when expected is 0). */
export function expectRel(actual: number | null | undefined, expected: number, rel = 1e-9): void {
  expect(actual, 'value is missing').not.toBeNull();
  expect(actual, 'value is missing').not.toBeUndefined();
  const a = actual as number;
  const tol = expected === 0 ? rel : rel * Math.abs(expected);
  if (!(Math.abs(a - expected) <= tol)) {
    throw new Error(`expected ${a} to be within ${rel} (relative) of ${expected}`);
  }
}

/** |actual − expected| ≤ abs: for published values printed with a fixed number of decimals. */
export function expectAbs(actual: number | null | undefined, expected: number, abs: number): void {
  expect(actual, 'value is missing').not.toBeNull();
  expect(actual, 'value is missing').not.toBeUndefined();
  const a = actual as number;
  if (!(Math.abs(a - expected) <= abs)) {
    throw new Error(`expected ${a} to be within ${abs} of ${expected}`);
  }
}

/** Every number reachable from value is finite (no NaN or ±Infinity leaks out). */
export function expectAllFinite(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => expectAllFinite(v, `${path}[${i}]`));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expectAllFinite(v, `${path}.${k}`);
  }
}
