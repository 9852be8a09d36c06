import { MAX_ROUTE_PATTERN_LENGTH, PROMPT_SAMPLE_BUCKETS } from './limits.js';

/**
 * The rules of a prompt that JSON Schema cannot state, and the ones server and widget must apply
 * identically: the sampling hash, route patterns, locale matching. Typebox-free: the widget
 * imports this file through `@feedloop/protocol/prompt-rules`, the server validates with it, and
 * docs/prompts.md describes the same functions.
 */

// ---------------------------------------------------------------------------------------------
// Sampling

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` (offset basis 0x811c9dc5, prime 0x01000193). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  const byte = (b: number) => {
    hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  };
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) byte(c);
    else if (c < 0x800) (byte(0xc0 | (c >> 6)), byte(0x80 | (c & 63)));
    else if (c < 0x10000) (byte(0xe0 | (c >> 12)), byte(0x80 | ((c >> 6) & 63)), byte(0x80 | (c & 63)));
    else (byte(0xf0 | (c >> 18)), byte(0x80 | ((c >> 12) & 63)), byte(0x80 | ((c >> 6) & 63)), byte(0x80 | (c & 63)));
  }
  return hash >>> 0;
}

/**
 * A user's bucket for a prompt, 0 … 9999: FNV-1a 32 of `${promptId}:${anonymousId}` (the prompt
 * id in lower case, as the API gives it) modulo 10 000. Deterministic per user and prompt, so a
 * user never flips in and out of a sample; the prompt id in the hash makes it independent of any
 * experiment's assignment and of other prompts' samples.
 */
export function promptSampleBucket(promptId: string, anonymousId: string): number {
  return fnv1a32(`${promptId.toLowerCase()}:${anonymousId}`) % PROMPT_SAMPLE_BUCKETS;
}

/** Whether a user is in the prompt's sample: bucket < round(samplePercent × 100). */
export function inPromptSample(promptId: string, anonymousId: string, samplePercent: number): boolean {
  return promptSampleBucket(promptId, anonymousId) < Math.round(samplePercent * 100);
}

// ---------------------------------------------------------------------------------------------
// Route patterns (`when.path`), matched against location.pathname

/**
 * A route pattern: `/` followed by segments separated by `/`. A segment is a literal (letters,
 * digits, `-._~!$&'()+,;=@:` not first, `%XX` escapes: compared exactly, case-sensitively, with
 * the pathname's segment as the browser gives it, percent-encoded), `:name` (any one non-empty
 * segment) or, last only, `*` (the rest of the path: zero or more segments). One trailing `/` is
 * ignored, in the pattern and in the pathname. Examples: `/`, `/checkout`, `/orders/:id`,
 * `/docs/*`, `/teams/:team/settings/*`.
 */
export type RouteSegment = { literal: string } | { param: string } | { rest: true };

const LITERAL = /^(?:[A-Za-z0-9\-._~!$&'()+,;=@]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9\-._~!$&'()+,;=@:]|%[0-9A-Fa-f]{2})*$/;
const PARAM = /^:[A-Za-z_][A-Za-z0-9_]*$/;

/** The segments of a pattern, or why it is not one. */
export function parseRoutePattern(pattern: string): { ok: true; segments: RouteSegment[] } | { ok: false; message: string } {
  const fail = (message: string) => ({ ok: false as const, message: `route pattern ${JSON.stringify(pattern)}: ${message}` });
  if (pattern.length === 0 || pattern.length > MAX_ROUTE_PATTERN_LENGTH) return fail(`must be 1 to ${MAX_ROUTE_PATTERN_LENGTH} characters`);
  if (!pattern.startsWith('/')) return fail('must start with "/"');
  if (pattern.includes('//')) return fail('has an empty segment ("//")');
  const parts = trimSlash(pattern).split('/').slice(1);
  const segments: RouteSegment[] = [];
  const names = new Set<string>();
  for (const [i, part] of parts.entries()) {
    if (part === '') break; // "/": the root (other empty segments are "//", refused above)
    if (part === '*') {
      if (i !== parts.length - 1) return fail('"*" may only be the last segment');
      segments.push({ rest: true });
    } else if (part.startsWith(':')) {
      if (!PARAM.test(part)) return fail(`parameter "${part}" must be ":" and a name of letters, digits and "_"`);
      if (names.has(part)) return fail(`parameter "${part}" appears twice`);
      names.add(part);
      segments.push({ param: part.slice(1) });
    } else if (!LITERAL.test(part)) {
      return fail(`segment "${part}" has a character a path segment cannot have unescaped (or "*" not alone)`);
    } else {
      segments.push({ literal: part });
    }
  }
  return { ok: true, segments };
}

/** Whether `pathname` (location.pathname) matches the pattern; false for an invalid pattern. */
export function matchRoutePattern(pattern: string, pathname: string): boolean {
  const parsed = parseRoutePattern(pattern);
  if (!parsed.ok) return false;
  const path = trimSlash(pathname).split('/').slice(1).filter((s, i, all) => !(s === '' && all.length === 1));
  const { segments } = parsed;
  for (const [i, segment] of segments.entries()) {
    if ('rest' in segment) return true;
    const part = path[i];
    if (part === undefined || part === '') return false;
    if ('literal' in segment && segment.literal !== part) return false;
  }
  return path.length === segments.length;
}

const trimSlash = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

// ---------------------------------------------------------------------------------------------
// Locales

const primary = (tag: string) => tag.toLowerCase().split('-')[0]!;

/**
 * Whether a user's locale (e.g. navigator.language) is one of `who.locales`: the same tag (case
 * aside), or an entry that is the user's language alone ("de" takes "de-AT"; "de-AT" takes
 * neither "de" nor "de-CH"). No `who.locales`: every locale.
 */
export function localeMatches(locales: readonly string[] | undefined, userLocale: string | undefined): boolean {
  if (!locales || locales.length === 0) return true;
  if (!userLocale) return false;
  const user = userLocale.toLowerCase();
  return locales.some((l) => l.toLowerCase() === user || l.toLowerCase() === primary(user));
}

/**
 * The wording to show: the user's exact locale (case aside), else a key that is the user's
 * language alone, else any key of the same language, else the default locale's.
 */
export function questionFor(question: Record<string, string>, defaultLocale: string, userLocale: string | undefined): string {
  const keys = Object.keys(question);
  if (userLocale) {
    const user = userLocale.toLowerCase();
    const key =
      keys.find((k) => k.toLowerCase() === user) ??
      keys.find((k) => k.toLowerCase() === primary(user)) ??
      keys.find((k) => primary(k) === primary(user));
    if (key !== undefined) return question[key]!;
  }
  return question[defaultLocale] ?? question[keys[0]!] ?? '';
}

// ---------------------------------------------------------------------------------------------
// A definition's rules beyond its schema

export interface PromptRuleViolation {
  code: 'invalid_prompt' | 'invalid_route_pattern';
  message: string;
}

/** The parts of a definition these rules read (a whole definition after a change is merged). */
export interface PromptRuleInput {
  question: Record<string, string>;
  defaultLocale?: string | undefined;
  when: { event?: string | undefined; path?: string | undefined; delaySeconds?: number | undefined };
  who: { samplePercent: number; experiment?: string | undefined; variant?: string | undefined };
}

/**
 * The checks JSON Schema cannot state: the question is worded in the default locale ("en" unless
 * `defaultLocale` says otherwise), `when` names at least one condition, `when.path` is a route
 * pattern, `who.variant` comes with `who.experiment`, samplePercent has at most two decimals.
 */
export function checkPromptRules(prompt: PromptRuleInput): PromptRuleViolation | undefined {
  const defaultLocale = prompt.defaultLocale ?? 'en';
  if (!Object.prototype.hasOwnProperty.call(prompt.question, defaultLocale)) {
    return { code: 'invalid_prompt', message: `question must be worded in the default locale "${defaultLocale}"` };
  }
  const { event, path, delaySeconds } = prompt.when;
  if (event === undefined && path === undefined && delaySeconds === undefined) {
    return { code: 'invalid_prompt', message: 'when must name at least one of event, path, delaySeconds' };
  }
  if (path !== undefined) {
    const parsed = parseRoutePattern(path);
    if (!parsed.ok) return { code: 'invalid_route_pattern', message: parsed.message };
  }
  if (prompt.who.variant !== undefined && prompt.who.experiment === undefined) {
    return { code: 'invalid_prompt', message: 'who.variant needs who.experiment' };
  }
  const hundredths = prompt.who.samplePercent * 100;
  if (Math.abs(hundredths - Math.round(hundredths)) > 1e-6 || Math.round(hundredths) < 1) {
    return { code: 'invalid_prompt', message: 'who.samplePercent must be above 0 with at most two decimals (0.01 … 100)' };
  }
  return undefined;
}
