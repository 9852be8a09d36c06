import { describe, expect, test } from 'vitest';
import { featureForPath } from '../src/core/routes.js';
import { en } from '../src/i18n/en.js';
import { enScales } from '../src/i18n/en-scales.js';
import { noticeEn } from '../src/i18n/notice-en.js';
import { directionOf } from '../src/i18n/direction.js';
import { BUTTON_LABELS, LOCALES, pickLocale } from '../src/i18n/locale.js';
import { readConfig } from '../src/loader/config.js';
import type { Strings } from '../src/i18n/strings.js';
import { choicesFor } from '../src/panel/scales.js';

/** Every English string: the panel's, the scales', the button's (they are in three places). */
const english: Strings = { ...en, ...enScales, button: BUTTON_LABELS.en };

describe('featureForPath', () => {
  const routes = { '/': 'home', '/checkout*': 'checkout', '/checkout/pay*': 'payment', '/settings': 'settings' };

  test('exact patterns match only their path', () => {
    expect(featureForPath(routes, '/')).toBe('home');
    expect(featureForPath(routes, '/settings')).toBe('settings');
    expect(featureForPath(routes, '/settings/x')).toBeUndefined();
  });

  test('the longest matching prefix wins', () => {
    expect(featureForPath(routes, '/checkout')).toBe('checkout');
    expect(featureForPath(routes, '/checkout/cart')).toBe('checkout');
    expect(featureForPath(routes, '/checkout/pay/card')).toBe('payment');
  });

  test('no match gives undefined', () => {
    expect(featureForPath(routes, '/about')).toBeUndefined();
    expect(featureForPath({}, '/')).toBeUndefined();
  });
});

describe('locales', () => {
  test('are picked from BCP 47 tags, English when unknown', () => {
    expect(pickLocale('de-AT')).toBe('de');
    expect(pickLocale('ar')).toBe('ar');
    expect(pickLocale('ja_JP')).toBe('ja');
    expect(pickLocale('pt-BR')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
  });

  test('Arabic is right-to-left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('de')).toBe('ltr');
  });

  test.each(LOCALES.filter((code) => code != 'en'))('%s translates every string', async (code) => {
    const { default: strings } = await import(`../src/i18n/locales/${code}.ts`);
    // The panel's strings and the update notice's (both share `close`).
    expect(Object.keys(strings).sort()).toEqual(Object.keys({ ...english, ...noticeEn }).sort());
    for (const value of Object.values(strings)) expect(value).not.toBe('');
    expect(strings.star).toContain('{n}');
    expect(strings.updateLine).toMatch(/\{status\}.*\{reply\}/);
    expect(BUTTON_LABELS[code]).toBe(strings.button);
  });
});

describe('rating scales', () => {
  test('offer the values of the contract', () => {
    expect(choicesFor('thumbs', english).map((c) => c.value)).toEqual([1, 0]);
    expect(choicesFor('stars', english).map((c) => c.value)).toEqual([1, 2, 3, 4, 5]);
    expect(choicesFor('emoji', english).map((c) => c.value)).toEqual([1, 2, 3, 4, 5]);
    expect(choicesFor('nps', english).map((c) => c.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('every choice has an accessible name', () => {
    expect(choicesFor('stars', english)[2]!.label).toBe('3 of 5 stars');
    expect(choicesFor('emoji', english).map((c) => c.label)).toEqual(['Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Very happy']);
  });
});

describe('script-tag configuration', () => {
  const script = (dataset: Record<string, string>, nonce = '') => ({ dataset, nonce }) as unknown as HTMLScriptElement;

  test('reads text and JSON data attributes', () => {
    const config = readConfig(
      script({ key: 'pk_1', endpoint: 'https://x.example', feature: 'checkout', experiments: '{"cta":"green"}', button: 'false' }),
    );
    expect(config).toMatchObject({ key: 'pk_1', endpoint: 'https://x.example', feature: 'checkout', experiments: { cta: 'green' }, button: false });
  });

  test('an empty endpoint means this origin', () => {
    expect(readConfig(script({ key: 'pk_1', endpoint: '' })).endpoint).toBeUndefined();
  });

  test('the snippet configuration wins, and the script nonce is kept', () => {
    const config = readConfig(script({ key: 'pk_1', feature: 'a' }, 'abc'), { feature: 'b' });
    expect(config).toMatchObject({ key: 'pk_1', feature: 'b', nonce: 'abc' });
  });
});
