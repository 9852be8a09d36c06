/**
 * Rollups are daily (UTC), so a query's time range is widened to whole days: `from` down to its
 * day, `to` (exclusive) up to the end of the day it falls in, unless it is exactly midnight.
 */
export interface DayRange {
  fromDay: string | undefined;
  /** Exclusive. */
  toDay: string | undefined;
}

export function toDayRange(from: string | undefined, to: string | undefined): DayRange {
  return {
    fromDay: from === undefined ? undefined : new Date(from).toISOString().slice(0, 10),
    toDay: to === undefined ? undefined : exclusiveEndDay(new Date(to)),
  };
}

function exclusiveEndDay(to: Date): string {
  const midnight = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  const end = to.getTime() === midnight ? midnight : midnight + 86_400_000;
  return new Date(end).toISOString().slice(0, 10);
}
