/**
 * The `experiments` of a row about to be (or just) inserted: the write path hands it over as the
 * JSON text it inserts, but an object is accepted too.
 */
export function experimentsOf(value: unknown): [experiment: string, variant: string][] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof parsed !== 'object' || parsed === null) return [];
  return Object.entries(parsed as Record<string, unknown>).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
}

/** Sorts [key, value] pairs by key: rows are then locked in one global order (no deadlocks). */
export function sortedByKey<T>(byKey: Map<string, T>): T[] {
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}
