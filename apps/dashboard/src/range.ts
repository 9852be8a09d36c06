/**
 * Time ranges as whole UTC days (the service's rollups are daily): `from` inclusive, `to`
 * exclusive, both `YYYY-MM-DD`.
 */
export interface DayRange {
  from: string;
  to: string;
}

export type RangePreset = '7d' | '30d' | '90d' | 'custom';
export interface RangeChoice {
  preset: RangePreset;
  /** For 'custom': the days chosen (inclusive end, as a person picks them). */
  from?: string;
  through?: string;
}

export const PRESETS: { value: RangePreset; label: string; days: number }[] = [
  { value: '7d', label: 'Last 7 days', days: 7 },
  { value: '30d', label: 'Last 30 days', days: 30 },
  { value: '90d', label: 'Last 90 days', days: 90 },
];

const DAY = 86_400_000;

export const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

/** The range a choice means today (through the end of today, UTC). */
export function resolveRange(choice: RangeChoice, now = Date.now()): DayRange {
  const tomorrow = addDays(dayOf(now), 1);
  if (choice.preset === 'custom' && choice.from && choice.through && choice.from <= choice.through) {
    return { from: choice.from, to: addDays(choice.through, 1) };
  }
  const days = PRESETS.find((p) => p.value === choice.preset)?.days ?? 30;
  return { from: addDays(tomorrow, -days), to: tomorrow };
}

/** The same number of days just before. */
export function previousRange(range: DayRange): DayRange {
  const days = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -days), to: range.from };
}

/** Every day of the range, for sparklines with gaps filled. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day < range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

export function describeRange(range: DayRange): string {
  return `${range.from} – ${addDays(range.to, -1)}`;
}

const STORAGE = 'feedloop.dashboard.range';

export function loadRangeChoice(): RangeChoice {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE) ?? 'null') as RangeChoice | null;
    if (parsed && ['7d', '30d', '90d', 'custom'].includes(parsed.preset)) return parsed;
  } catch {
    /* ignore */
  }
  return { preset: '30d' };
}

export function saveRangeChoice(choice: RangeChoice): void {
  try {
    localStorage.setItem(STORAGE, JSON.stringify(choice));
  } catch {
    /* ignore */
  }
}
