import { describe, expect, it } from 'vitest';
import {
  checkPromptRules,
  fnv1a32,
  inPromptSample,
  localeMatches,
  matchRoutePattern,
  parseRoutePattern,
  promptSampleBucket,
  questionFor,
} from '../src/prompt-rules.js';

describe('the sampling hash', () => {
  it('is FNV-1a 32 (the published test vectors), over UTF-8 bytes', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    // "é" is two UTF-8 bytes (c3 a9); "😀" four (f0 9f 98 80): the same as hashing those bytes.
    const bytes = (list: number[]) => list.reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
    expect(fnv1a32('é')).toBe(bytes([0xc3, 0xa9]));
    expect(fnv1a32('a😀')).toBe(bytes([0x61, 0xf0, 0x9f, 0x98, 0x80]));
  });

  it('buckets `${promptId}:${anonymousId}` into 0 … 9999, the prompt id in lower case', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(promptSampleBucket(id, 'anon-1')).toBe(fnv1a32(`${id}:anon-1`) % 10_000);
    expect(promptSampleBucket(id.toUpperCase(), 'anon-1')).toBe(promptSampleBucket(id, 'anon-1'));
  });

  it('takes round(samplePercent × 100) buckets: about that share of users, the same users every time', () => {
    const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const users = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
    const share = (percent: number) => users.filter((u) => inPromptSample(id, u, percent)).length / users.length;
    expect(share(100)).toBe(1);
    expect(Math.abs(share(10) - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(share(0.5) - 0.005)).toBeLessThan(0.002);
    // Nested: a larger sample keeps everyone in a smaller one.
    expect(users.filter((u) => inPromptSample(id, u, 5) && !inPromptSample(id, u, 20))).toEqual([]);
    // 0.07 × 100 is 7.000000000000001 in floating point: still 7 buckets.
    const bucket = (u: string) => promptSampleBucket(id, u);
    expect(users.filter((u) => inPromptSample(id, u, 0.07))).toEqual(users.filter((u) => bucket(u) < 7));
  });
});

describe('route patterns', () => {
  it.each([
    ['/', '/', true],
    ['/', '/checkout', false],
    ['/checkout', '/checkout', true],
    ['/checkout', '/checkout/', true],
    ['/checkout/', '/checkout', true],
    ['/checkout', '/Checkout', false],
    ['/checkout', '/checkout/done', false],
    ['/orders/:id', '/orders/42', true],
    ['/orders/:id', '/orders', false],
    ['/orders/:id', '/orders/42/items', false],
    ['/docs/*', '/docs', true],
    ['/docs/*', '/docs/a/b/c', true],
    ['/docs/*', '/documents', false],
    ['/*', '/anything/at/all', true],
    ['/teams/:team/settings/*', '/teams/a/settings/billing', true],
    ['/teams/:team/settings/*', '/teams/a/members', false],
    ['/caf%C3%A9', '/caf%C3%A9', true],
    ['/a:b', '/a:b', true],
  ])('%s against %s: %s', (pattern, pathname, expected) => {
    expect(matchRoutePattern(pattern, pathname)).toBe(expected);
  });

  it.each(['', 'checkout', '//', '/a//b', '/a/*/b', '/a*', '/*x', '/:', '/:1a', '/:a/:a', '/a b', '/a?b', '/a#b', '/%zz', '/:x-y', '/' + 'a'.repeat(200)])(
    'refuses %j',
    (pattern) => {
      expect(parseRoutePattern(pattern).ok).toBe(false);
      expect(matchRoutePattern(pattern, '/')).toBe(false);
    },
  );
});

describe('locales', () => {
  it('match a user by tag or by language alone', () => {
    expect(localeMatches(undefined, 'fr')).toBe(true);
    expect(localeMatches(['de'], 'de-AT')).toBe(true);
    expect(localeMatches(['de-AT'], 'de-at')).toBe(true);
    expect(localeMatches(['de-AT'], 'de')).toBe(false);
    expect(localeMatches(['de-AT'], 'de-CH')).toBe(false);
    expect(localeMatches(['de'], undefined)).toBe(false);
  });

  it('choose the wording: exact, language, same language, default', () => {
    const q = { en: 'How was it?', de: 'Wie war es?', 'pt-BR': 'Como foi?' };
    expect(questionFor(q, 'en', 'de-CH')).toBe('Wie war es?');
    expect(questionFor(q, 'en', 'pt-PT')).toBe('Como foi?');
    expect(questionFor(q, 'en', 'PT-br')).toBe('Como foi?');
    expect(questionFor(q, 'en', 'ja')).toBe('How was it?');
    expect(questionFor(q, 'en', undefined)).toBe('How was it?');
  });
});

describe('the rules of a definition', () => {
  const base = { question: { en: 'q' }, when: { event: 'done' }, who: { samplePercent: 10 } };
  it('accept a valid one and name what is wrong otherwise', () => {
    expect(checkPromptRules(base)).toBeUndefined();
    expect(checkPromptRules({ ...base, question: { de: 'q' } })?.code).toBe('invalid_prompt');
    expect(checkPromptRules({ ...base, question: { de: 'q' }, defaultLocale: 'de' })).toBeUndefined();
    expect(checkPromptRules({ ...base, when: {} })?.code).toBe('invalid_prompt');
    expect(checkPromptRules({ ...base, when: { delaySeconds: 0 } })).toBeUndefined();
    expect(checkPromptRules({ ...base, when: { path: 'x' } })?.code).toBe('invalid_route_pattern');
    expect(checkPromptRules({ ...base, who: { samplePercent: 10, variant: 'b' } })?.code).toBe('invalid_prompt');
    expect(checkPromptRules({ ...base, who: { samplePercent: 0.001 } })?.code).toBe('invalid_prompt');
    expect(checkPromptRules({ ...base, who: { samplePercent: 33.33 } })).toBeUndefined();
    // "constructor" is not a locale the question has.
    expect(checkPromptRules({ ...base, defaultLocale: 'constructor' })?.code).toBe('invalid_prompt');
  });
});
