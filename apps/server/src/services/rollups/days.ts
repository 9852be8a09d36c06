/** UTC day arithmetic on 'YYYY-MM-DD' strings (the rollups' bucket keys). */
const DAY_MS = 86_400_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Monday of the ISO week a day falls in. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

export function utcDayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

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
    fromDay: from === undefined ? undefined : utcDayOf(new Date(from)),
    toDay: to === undefined ? undefined : exclusiveEndDay(new Date(to)),
  };
}

function exclusiveEndDay(to: Date): string {
  const midnight = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  const end = to.getTime() === midnight ? midnight : midnight + DAY_MS;
  return utcDayOf(new Date(end));
}
