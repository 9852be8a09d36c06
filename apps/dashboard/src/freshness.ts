import type { Aggregate } from './api.js';
import { formatTime } from './format.js';

/** Numbers further behind than this are said to lag (the aggregator is catching up). */
export const LAG_NOTICE_MS = 5000;

export interface Lag {
  /** The most lagging answer's asOf. */
  asOf: string;
  /** How far it was behind the moment the page asked for it. */
  behindMs: number;
}

/**
 * The most lagging of a page's aggregate answers, if one lags by more than LAG_NOTICE_MS. An
 * asOf that is no date says nothing (NaN compares false).
 */
export function lagOf(answers: readonly (Aggregate<{ asOf: string }> | undefined)[]): Lag | undefined {
  let worst: Lag | undefined;
  for (const answer of answers) {
    if (!answer) continue;
    const behindMs = answer.askedAt - Date.parse(answer.asOf);
    if (behindMs > LAG_NOTICE_MS && !(worst && worst.behindMs >= behindMs)) worst = { asOf: answer.asOf, behindMs };
  }
  return worst;
}

/** "12:01:07" today (local time), else with the date. */
export function formatClock(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  if (date.toDateString() !== new Date(now).toDateString()) return formatTime(iso, true);
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "9 s", "3 min", "5 h", "2 d". */
export function formatLag(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}
