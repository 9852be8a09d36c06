import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIVACY_SETTINGS,
  MAX_COMMENT_LENGTH,
  MAX_ID_LENGTH,
  MAX_METADATA_KEYS,
  MAX_METADATA_VALUE_LENGTH,
  MAX_URL_LENGTH,
  type FeedbackEvent,
  type PrivacySettings,
} from '@feedloop/protocol';
import {
  compileScrubber,
  DEFAULT_SCRUBBER,
  scrubEvent,
  scrubMetadata,
  scrubText,
  settingsProblem,
  type Field,
  type ScrubCounts,
} from '../../../../src/services/events/scrub/index.js';
import { isCardNumber, luhn } from '../../../../src/services/events/scrub/cards.js';
import { mod97 } from '../../../../src/services/events/scrub/iban.js';
import { truncate } from '../../../../src/services/events/scrub/truncate.js';
import { KEEP, SECRETS } from './corpus.js';

const LIMITS: Record<Field, number> = { comment: MAX_COMMENT_LENGTH, metadata: MAX_METADATA_VALUE_LENGTH, url: MAX_URL_LENGTH, user_id: MAX_ID_LENGTH, metadata_key: 64 };
const scrubberOf = (settings: Partial<PrivacySettings> = {}) => compileScrubber({ ...DEFAULT_PRIVACY_SETTINGS, ...settings });
const EVERYTHING = scrubberOf({ emailsInComments: 'redact', phonesInComments: 'redact', extraPatterns: ['ORD-[0-9]+', '(?i)internal'] });

describe('the corpus of secrets', () => {
  for (const s of SECRETS) {
    it(`${s.kind}: ${s.text.slice(0, 60)}`, () => {
      const field = s.field ?? 'comment';
      const counts: ScrubCounts = {};
      const out = scrubText(s.text, LIMITS[field], field, scrubberOf(s.settings), counts);
      expect(out).not.toContain(s.secret);
      expect(out).toContain(`[redacted:${s.kind}]`);
      expect(counts[s.kind]).toBeGreaterThanOrEqual(1);
    });
  }
});

describe('near misses are kept', () => {
  for (const k of KEEP) {
    it(`${k.why}: ${k.text.slice(0, 60)}`, () => {
      const field = k.field ?? 'comment';
      const counts: ScrubCounts = {};
      expect(scrubText(k.text, LIMITS[field], field, scrubberOf(k.settings), counts)).toBe(k.text);
      expect(counts).toEqual({});
    });
  }
});

describe('checks', () => {
  it('Luhn, issuer prefixes and mod 97', () => {
    expect(luhn('79927398713')).toBe(true);
    expect(luhn('79927398710')).toBe(false);
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(isCardNumber('4111111111111')).toBe(false); // 13-digit Visa: retired, and too many false positives
    expect(isCardNumber('1234567812345670')).toBe(false); // Luhn-valid, no issuer
    expect(mod97('GB82WEST12345698765432')).toBe(true);
    expect(mod97('GB82WEST12345698765433')).toBe(false);
  });

  it('truncation never splits a marker or a surrogate pair', () => {
    expect(truncate('abc[redacted:jwt]', 10)).toBe('abc');
    expect(truncate('abc[redacted:jwt]', 17)).toBe('abc[redacted:jwt]');
    expect(truncate('ab👍', 3)).toBe('ab');
    expect(truncate('short', 10)).toBe('short');
  });

  it('extra patterns: RE2 syntax only, never matching the empty text', () => {
    const check = (p: string) => settingsProblem({ ...DEFAULT_PRIVACY_SETTINGS, extraPatterns: [p] });
    expect(check('ORD-[0-9]+')).toBeUndefined();
    expect(check('(a+)+$')).toBeUndefined(); // catastrophic for a backtracking engine, linear in RE2
    expect(check('(a)\\1')).toMatch(/not a valid RE2 pattern/);
    expect(check('(?=x)y')).toMatch(/not a valid RE2 pattern/);
    expect(check('[unclosed')).toMatch(/not a valid RE2 pattern/);
    expect(check('x*')).toMatch(/empty/);
  });

  it('a pattern catastrophic for backtracking engines runs in linear time on a hostile text', () => {
    const s = scrubberOf({ extraPatterns: ['(a+)+$', '(a|aa)*c', '(.*a){12}'] });
    const hostile = `${'a'.repeat(4990)}!`;
    const started = performance.now();
    expect(scrubText(hostile, MAX_COMMENT_LENGTH, 'comment', s, {})).toContain('[redacted:custom]');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('fields and events', () => {
  it('a very long comment full of card numbers stays within its limit, every number gone', () => {
    const card = '4111111111111111 ';
    const text = card.repeat(Math.floor(MAX_COMMENT_LENGTH / card.length)).trim();
    expect(text.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    const counts: ScrubCounts = {};
    const out = scrubText(text, MAX_COMMENT_LENGTH, 'comment', DEFAULT_SCRUBBER, counts);
    expect(out.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(out).not.toMatch(/\d{4}/);
    expect(out.trimEnd().endsWith('[redacted:payment_card]')).toBe(true);
    expect(counts.payment_card).toBeGreaterThan(200);
  });

  it('a very long clean comment and URL are returned as they are', () => {
    const prose = 'The new checkout is much faster, thank you! '.repeat(110).slice(0, MAX_COMMENT_LENGTH);
    expect(scrubText(prose, MAX_COMMENT_LENGTH, 'comment', DEFAULT_SCRUBBER, {})).toBe(prose);
    const url = `https://app.example.com/${'a/'.repeat(1000)}`.slice(0, MAX_URL_LENGTH);
    expect(scrubText(url, MAX_URL_LENGTH, 'url', DEFAULT_SCRUBBER, {})).toBe(url);
  });

  it('every metadata key: values scrubbed, secret-named keys redacted whole, dropped keys gone', () => {
    const metadata: Record<string, string | number | boolean> = {};
    for (let i = 0; i < MAX_METADATA_KEYS - 6; i++) metadata[`field${i}`] = `value ${i} card 4111 1111 1111 1111`;
    Object.assign(metadata, { password: 'x', apiKey: 1234, sessionId: 'abc', plan: 'pro', Internal_Notes: 'drop me', ok: true });
    const counts: ScrubCounts = {};
    const out = scrubMetadata(metadata, scrubberOf({ dropMetadataKeys: ['internal_notes'] }), counts);
    for (let i = 0; i < MAX_METADATA_KEYS - 6; i++) expect(out[`field${i}`]).toBe(`value ${i} card [redacted:payment_card]`);
    expect(out).toMatchObject({ password: '[redacted:password]', apiKey: '[redacted:secret]', sessionId: '[redacted:secret]', plan: 'pro', ok: true });
    expect(out).not.toHaveProperty('Internal_Notes');
    expect(counts).toEqual({ payment_card: MAX_METADATA_KEYS - 6, password: 1, secret: 2, metadata_key: 1 });
    // Clean metadata is the same object: no copy on the hot path.
    const clean = { plan: 'pro', seats: 3 };
    expect(scrubMetadata(clean, DEFAULT_SCRUBBER, {})).toBe(clean);
  });

  it('a metadata key that is a secret is redacted as a key', () => {
    const out = scrubMetadata({ AKIAIOSFODNN7EXAMPLE: 'x', plan: 'pro' }, DEFAULT_SCRUBBER, {});
    expect(out).toEqual({ '[redacted:api_key]': 'x', plan: 'pro' });
  });

  it('an event: comment, url, user id and metadata; the query string dropped when the project says so', () => {
    const event = {
      type: 'feedback',
      id: '0b6f1c1e-8a4b-4c7a-9a57-1d2f3e4a5b6c',
      timestamp: new Date().toISOString(),
      anonymousId: 'anon',
      userId: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      url: 'https://app.example.com/pay?utm=x&token=abc#step-2',
      feature: 'checkout',
      comment: 'card 4111 1111 1111 1111',
      metadata: { note: 'iban GB82WEST12345698765432' },
    } satisfies FeedbackEvent;
    const counts: ScrubCounts = {};
    scrubEvent(event, scrubberOf({ urlQueryStrings: 'drop' }), counts);
    expect(event).toMatchObject({
      userId: '[redacted:api_key]',
      url: 'https://app.example.com/pay#step-2',
      comment: 'card [redacted:payment_card]',
      metadata: { note: 'iban [redacted:iban]' },
    });
    expect(counts).toEqual({ api_key: 1, url_param: 1, query_string: 1, payment_card: 1, iban: 1 });
  });
});

describe('properties', () => {
  const fields: Field[] = ['comment', 'metadata', 'url', 'user_id', 'metadata_key'];
  // Text made of the pieces secrets and near misses are made of, so the detectors fire often.
  const piece = fc.oneof(
    fc.constantFrom(...SECRETS.map((s) => s.text), ...KEEP.map((k) => k.text)),
    fc.constantFrom('4111 1111 1111 1111', '4111111111111111', ' ', '-', '=', ':', '?', '&', '#', '@', 'token', 'password', '[redacted:', ']', '👍', 'https://', 'a:b@', 'eyJ', '.', 'DE89', '0'),
    fc.string({ maxLength: 20 }),
    fc.stringMatching(/^[0-9 -]{1,30}$/),
  );
  const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
  const settings = fc.constantFrom(DEFAULT_SCRUBBER, EVERYTHING);

  it('scrubbing is idempotent and never grows a field past its limit', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...fields), settings, (raw, field, s) => {
        const limit = LIMITS[field];
        const input = raw.slice(0, limit);
        const once = scrubText(input, limit, field, s, {});
        expect(once.length).toBeLessThanOrEqual(limit);
        expect(scrubText(once, limit, field, s, {})).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('the same at the limits: texts as long as the field allows', () => {
    const long = fc.array(fc.constantFrom('4111111111111111 ', '5555-5555-5555-4444 ', 'x', ' ', 'password=a ', '👍'), { minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(long, fc.constantFrom(...fields), (parts, field) => {
        const limit = LIMITS[field];
        let input = parts.join('');
        while (input.length < limit) input += input;
        input = truncate(input, limit);
        const once = scrubText(input, limit, field, EVERYTHING, {});
        expect(once.length).toBeLessThanOrEqual(limit);
        expect(scrubText(once, limit, field, EVERYTHING, {})).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});
