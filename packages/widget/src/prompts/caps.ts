import { MAX_PROMPTS_PER_PROJECT } from '@feedloop/protocol/limits';

/**
 * The frequency caps a browser keeps for prompts, in one localStorage key (`feedloop:prompts`,
 * PROMPTS_KEY of the SDK, cleared by `forget()`, `optOut()` and `consent(false)` with the others):
 *
 * - `s`: the prompts this browser was asked (id → when): a user is asked a prompt at most once;
 * - `p`: when it was last asked any prompt (`frequency.daysBetweenPrompts`);
 * - `f`: when it last answered: feedback given, prompted or not, or a prompt dismissed (a
 *   dismissal counts as an answer) (`frequency.daysAfterFeedback`).
 *
 * Times are whole minutes since the epoch. Bounded: at most MAX_PROMPTS_PER_PROJECT (100) ids, the
 * oldest dropped first (a project has at most that many prompts), ≈ 5 KB at most.
 */
export interface Caps {
  s: Record<string, number>;
  p?: number;
  f?: number;
}

const MINUTE = 60_000;
const DAY = 1440;
const minutes = (ms: number) => Math.floor(ms / MINUTE);

/** The caps in the stored text; anything unreadable is an empty record. */
export function readCaps(text: string | null | undefined): Caps {
  try {
    const caps = JSON.parse(text!);
    if (caps && typeof caps.s == 'object' && !Array.isArray(caps.s)) return caps;
  } catch {}
  return { s: {} };
}

/** Whether the caps let this browser be asked the prompt at `now` (ms). */
export function capsAllow(caps: Caps, { id, frequency }: { id: string; frequency?: { daysBetweenPrompts: number; daysAfterFeedback: number } }, now: number): boolean {
  const at = minutes(now);
  const within = (time: number | undefined, days = 0) => time !== undefined && days > 0 && at - time < days * DAY;
  return caps.s[id] === undefined && !within(caps.p, frequency?.daysBetweenPrompts) && !within(caps.f, frequency?.daysAfterFeedback);
}

/** The caps after the prompt was shown at `now`; the oldest ids go beyond the bound. */
export function recordAsked(caps: Caps, id: string, now: number): Caps {
  const at = minutes(now);
  const ids = Object.entries({ ...caps.s, [id]: at })
    .sort((a, b) => a[1] - b[1])
    .slice(-MAX_PROMPTS_PER_PROJECT);
  return { ...caps, s: Object.fromEntries(ids), p: at };
}

/** The caps after an answer (feedback, or a prompt dismissed) at `now`. */
export const recordAnswered = (caps: Caps, now: number): Caps => ({ ...caps, f: minutes(now) });
