import type { BrowserPrompt } from '@feedloop/protocol';
import { inPromptSample, localeMatches, matchRoutePattern, parseRoutePattern } from '@feedloop/protocol/prompt-rules';
import { PROMPT_SCALES } from '@feedloop/protocol/vocabulary';
import { isName } from '@feedloop/sdk';

/**
 * Which prompts the widget understands, which a user may be asked, and when one is due. Pure
 * functions (unit-tested in test/prompts.test.ts); the sampling hash, route patterns and locale
 * matching are the shared ones of `@feedloop/protocol/prompt-rules`, as the server applies them.
 */

/** The fields of a prompt and of its objects: a field the widget does not know means it does not understand the prompt. */
const FIELDS: Record<string, string> = {
  '': 'id feature scale comment question defaultLocale when who frequency',
  when: 'event path delaySeconds',
  who: 'samplePercent experiment variant identifiedOnly locales',
  frequency: 'daysBetweenPrompts daysAfterFeedback',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value == 'object' && value != null && !Array.isArray(value);
const isCount = (value: unknown, max: number) => typeof value == 'number' && value >= 0 && value <= max;

/**
 * The first field of the prompt the widget does not understand (unknown, missing, of another type
 * or out of range: "scale", "when.path", "who.color"…), or undefined when it understands it all.
 */
export function problemOf(prompt: unknown): string | undefined {
  if (!isObject(prompt)) return 'prompt';
  for (const part in FIELDS) {
    const object = part ? prompt[part] : prompt;
    if (object === undefined && part == 'frequency') continue; // no caps but once
    if (!isObject(object)) return part;
    const unknown = Object.keys(object).find((key) => !FIELDS[part]!.split(' ').includes(key));
    if (unknown) return (part && part + '.') + unknown;
  }
  const { id, feature, scale, comment, question, defaultLocale = 'en', when, who, frequency = {} } = prompt as Record<string, any>;
  const wordings = Object.values(question ?? {});
  const checks: [string, unknown][] = [
    ['id', typeof id == 'string' && UUID.test(id)],
    ['feature', isName(feature)],
    ['scale', PROMPT_SCALES.includes(scale)],
    ['comment', comment === undefined || typeof comment == 'boolean'],
    ['question', wordings[0] && wordings.every((text) => typeof text == 'string' && text) && typeof question[defaultLocale] == 'string'],
    ['when', when.event !== undefined || when.path !== undefined || when.delaySeconds !== undefined],
    ['when.event', when.event === undefined || isName(when.event)],
    ['when.path', when.path === undefined || (typeof when.path == 'string' && parseRoutePattern(when.path).ok)],
    ['when.delaySeconds', when.delaySeconds === undefined || isCount(when.delaySeconds, 3600)],
    ['who.samplePercent', who.samplePercent > 0 && who.samplePercent <= 100],
    ['who.experiment', who.experiment === undefined || isName(who.experiment)],
    ['who.variant', who.variant === undefined || isName(who.variant)],
    ['who.identifiedOnly', who.identifiedOnly === undefined || typeof who.identifiedOnly == 'boolean'],
    ['who.locales', who.locales === undefined || (Array.isArray(who.locales) && who.locales.every((l: unknown) => typeof l == 'string'))],
    ['frequency', isCount(frequency.daysBetweenPrompts ?? 0, 365) && isCount(frequency.daysAfterFeedback ?? 0, 365)],
  ];
  return checks.find(([, ok]) => !ok)?.[0];
}

/** What the widget knows of the user, for `who`. */
export interface PromptUser {
  anonymousId: string;
  userId: string | undefined;
  experiments: Record<string, string>;
  /** The user's locale tag (the widget's `locale` option, else navigator.language). */
  locale: string | undefined;
}

/** Whether the user is one the prompt may ask: in its sample, its experiment (variant), identified if it says so, one of its locales. */
export function mayAsk({ id, who }: Pick<BrowserPrompt, 'id' | 'who'>, user: PromptUser): boolean {
  const variant = who.experiment === undefined ? undefined : user.experiments[who.experiment];
  return (
    inPromptSample(id, user.anonymousId, who.samplePercent) &&
    (who.experiment === undefined || (variant !== undefined && (who.variant === undefined || who.variant == variant))) &&
    (!who.identifiedOnly || !!user.userId) &&
    localeMatches(who.locales, user.locale)
  );
}

/** A `track(name)` call of this page: the name and when (ms since the epoch). */
export type Tracked = [name: string, at: number];

/** The page as `when` reads it, times in ms since the epoch. */
export interface PromptMoment {
  /** When the page loaded. */
  pageStart: number;
  /** location.pathname now, and since when (the page load, or the last SPA navigation that changed it). */
  path: string;
  pathSince: number;
  tracked: readonly Tracked[];
}

/**
 * When the prompt is due on this page (ms since the epoch), or undefined while it is not: every
 * condition of `when` must hold (the event tracked on this page, the path matching), and
 * `delaySeconds` counts from the latest of the page load, the event, and the path's start.
 */
export function dueAt({ when }: Pick<BrowserPrompt, 'when'>, moment: PromptMoment): number | undefined {
  let from = moment.pageStart;
  if (when.event !== undefined) {
    const last = moment.tracked.filter(([name]) => name == when.event).pop();
    if (!last) return undefined;
    from = Math.max(from, last[1]);
  }
  if (when.path !== undefined) {
    if (!matchRoutePattern(when.path, moment.path)) return undefined;
    from = Math.max(from, moment.pathSince);
  }
  return from + (when.delaySeconds ?? 0) * 1000;
}
