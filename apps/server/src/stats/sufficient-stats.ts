/**
 * Building and combining sufficient statistics (n, Σx, Σx²). Aggregates keep them per day; the sum
 * of the days' statistics is the statistics of the whole range.
 */
import type { SufficientStats } from './means.js';
import { checkCount, checkFinite } from './validate.js';

/** From raw values (tests, small samples). */
export function sufficientStatsFromValues(values: readonly number[]): SufficientStats {
  let sum = 0;
  let sumSquares = 0;
  values.forEach((v, i) => {
    checkFinite(`values[${i}]`, v);
    sum += v;
    sumSquares += v * v;
  });
  return { n: values.length, sum, sumSquares };
}

/**
 * From counts per value, e.g. {1: 4, 2: 0, 3: 10, 4: 25, 5: 61} for a 5-star scale; an array is
 * read as indexed by value, a Map or record as value → count.
 */
export function sufficientStatsFromCounts(
  countsByValue: ReadonlyMap<number, number> | readonly number[] | Readonly<Record<number, number>>,
): SufficientStats {
  const entries: Iterable<[number | string, number]> =
    countsByValue instanceof Map ? countsByValue.entries() : Object.entries(countsByValue);
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const [key, count] of entries) {
    const value = Number(key);
    checkFinite(`value ${String(key)}`, value);
    checkCount(`count of value ${value}`, count);
    n += count;
    sum += count * value;
    sumSquares += count * value * value;
  }
  return { n, sum, sumSquares };
}

/** Statistics of the union of disjoint samples (e.g. daily buckets). */
export function addSufficientStats(...parts: readonly SufficientStats[]): SufficientStats {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const p of parts) {
    n += p.n;
    sum += p.sum;
    sumSquares += p.sumSquares;
  }
  return { n, sum, sumSquares };
}
