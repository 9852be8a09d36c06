import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { exposureEvent, feedbackEvent, postEvents, startTestApp, type TestApp } from '../../support/app.js';
import { expectAggregatesConsistent } from '../../support/verify.js';

// Hostile requests: each gets a precise 4xx (or a per-event rejection), never a 5xx, and the
// service stays healthy after every one of them.
let t: TestApp;
let project: CreatedProject;

beforeAll(async () => {
  t = await startTestApp({ FEEDLOOP_RATE_LIMIT_PER_MINUTE: '0' });
  project = await t.project();
});
afterAll(() => t.close());
// Every write scenario leaves the rollups equal to their recomputation from the raw rows.
afterEach(() => expectAggregatesConsistent(t));
afterEach(async () => {
  expect((await t.app.inject('/healthz')).statusCode).toBe(200);
});

const raw = (payload: string | Buffer, contentType = 'application/json') =>
  t.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { 'content-type': contentType, 'x-feedloop-key': project.publicKey },
    payload,
  });

describe('whole-request corpus', () => {
  const valid = JSON.stringify({ events: [feedbackEvent()] });
  const cases: [string, string | Buffer, string, number, string][] = [
    ['truncated JSON', valid.slice(0, valid.length / 2), 'application/json', 400, 'invalid_body'],
    ['trailing garbage', `${valid}}}`, 'application/json', 400, 'invalid_body'],
    ['not JSON at all', 'events=1', 'application/json', 400, 'invalid_body'],
    ['empty body', '', 'application/json', 400, 'invalid_body'],
    ['empty text/plain body', '', 'text/plain', 400, 'invalid_body'],
    ['JSON null', 'null', 'application/json', 400, 'invalid_body'],
    ['events is a string', '{"events":"[]"}', 'application/json', 400, 'invalid_body'],
    ['top-level __proto__', '{"__proto__":{"admin":true},"events":[]}', 'application/json', 400, 'invalid_body'],
    ['nested constructor.prototype', '{"events":[{"constructor":{"prototype":{"x":1}}}]}', 'application/json', 400, 'invalid_body'],
    ['XML', '<events/>', 'application/xml', 415, 'unsupported_media_type'],
    ['form', 'a=1', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x01]), 'application/octet-stream', 415, 'unsupported_media_type'],
    ['invalid UTF-8 in JSON', Buffer.concat([Buffer.from('{"events":["'), Buffer.from([0xc3, 0x28]), Buffer.from('"]}')]), 'application/json', 200, ''],
    ['deeply nested arrays', `{"events":[${'['.repeat(5000)}${']'.repeat(5000)}]}`, 'application/json', 200, ''],
    ['a body of 1 MB', `{"events":[{"comment":"${'x'.repeat(1_000_000)}"}]}`, 'application/json', 413, 'payload_too_large'],
  ];
  for (const [name, payload, type, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const response = await raw(payload, type);
      expect(response.statusCode).toBe(status);
      if (code) expect(response.json()).toMatchObject({ code, message: expect.any(String) });
      else expect(response.json().rejected).toHaveLength(1);
    });
  }
});

describe('per-event corpus', () => {
  const long = (n: number) => 'x'.repeat(n);
  const events: [string, unknown, string][] = [
    ['feature over 100 chars', feedbackEvent({ feature: long(101) }), 'invalid_feature'],
    ['comment over 5,000 chars', feedbackEvent({ comment: long(5001) }), 'invalid_comment'],
    ['anonymousId over 200 chars', feedbackEvent({ anonymousId: long(201) }), 'invalid_anonymous_id'],
    ['userId over 200 chars', feedbackEvent({ userId: long(201) }), 'invalid_user_id'],
    ['url over 2,048 chars', feedbackEvent({ url: long(2049) }), 'invalid_url'],
    ['email over 320 chars', feedbackEvent({ email: long(321) }), 'invalid_email'],
    ['metadata value over 500 chars', feedbackEvent({ metadata: { a: long(501) } }), 'invalid_metadata'],
    ['21 metadata keys', feedbackEvent({ metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) }), 'invalid_metadata'],
    ['nested metadata', feedbackEvent({ metadata: { a: { b: { c: 1 } } } }), 'invalid_metadata'],
    ['51 experiments', feedbackEvent({ experiments: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`e${i}`, 'v'])) }), 'invalid_experiments'],
    ['experiment name with spaces', feedbackEvent({ experiments: { 'a b': 'v' } }), 'invalid_experiments'],
    ['rating value as a string', feedbackEvent({ rating: { scale: 'stars', value: '3' } }), 'invalid_rating'],
    ['rating value fractional', feedbackEvent({ rating: { scale: 'stars', value: 3.5 } }), 'invalid_rating'],
    ['rating on an unknown scale', feedbackEvent({ rating: { scale: 'hearts', value: 1 } }), 'invalid_rating'],
    ['thumbs of 2', feedbackEvent({ rating: { scale: 'thumbs', value: 2 } }), 'invalid_rating'],
    ['NPS of 11', feedbackEvent({ rating: { scale: 'nps', value: 11 } }), 'invalid_rating'],
    ['timestamp as a number', feedbackEvent({ timestamp: Date.now() }), 'invalid_timestamp'],
    ['timestamp in 1970', feedbackEvent({ timestamp: '1970-01-01T00:00:00Z' }), 'timestamp_out_of_range'],
    ['uuid with braces', feedbackEvent({ id: '{0b6f1c1e-8a4b-4c7a-9a57-1d2f3e4a5b6c}' }), 'invalid_id'],
    ['id as a number', feedbackEvent({ id: 12345 }), 'invalid_id'],
    ['unknown category', feedbackEvent({ category: 'rant' }), 'invalid_category'],
    ['NUL in a metadata key', feedbackEvent({ metadata: { 'a\u0000b': 1 } }), 'invalid_text'],
    ['NUL in the user id', feedbackEvent({ userId: 'u\u0000' }), 'invalid_text'],
    ['exposure without variant', exposureEvent({ variant: undefined }), 'invalid_variant'],
    ['type missing', { id: feedbackEvent().id }, 'unknown_type'],
    ['an array as an event', [1, 2], 'invalid_event'],
    ['null as an event', null, 'invalid_event'],
  ];
  for (const [name, event, code] of events) {
    it(`${name} → ${code}, and the valid neighbour is stored`, async () => {
      const neighbour = feedbackEvent();
      const response = await postEvents(t.app, project.publicKey, [neighbour, event]);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.accepted).toBe(1);
      expect(body.rejected).toEqual([{ index: 1, code, message: expect.any(String) }]);
    });
  }

  it('keeps unicode, emoji and markup as text', async () => {
    const comment = 'Ünïcödé 漢字 עברית 🎉 <script>alert(1)</script> \'; drop table feedback; --';
    const event = feedbackEvent({ comment, metadata: { note: '"quoted" \\ back' } });
    expect((await postEvents(t.app, project.publicKey, [event])).json().accepted).toBe(1);
    const row = await t.database.db.selectFrom('feedback').select(['comment', 'metadata']).where('id', '=', event.id as string).executeTakeFirstOrThrow();
    expect(row.comment).toBe(comment);
    expect(row.metadata).toEqual({ note: '"quoted" \\ back' });
  });
});

describe('fuzzing', () => {
  // A small deterministic PRNG (mulberry32): a failure names its seed and can be replayed.
  function prng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }
  const weird = [null, true, -1, 1e308, '', '\u0000', '\ud800', '🎉'.repeat(50), [], {}, { __proto__: null }, 'x'.repeat(6000), '9'.repeat(400)];

  function mutateValue(value: unknown, random: () => number, depth = 0): unknown {
    if (value && typeof value === 'object' && depth < 4) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length && random() < 0.7) {
        const [key, child] = entries[Math.floor(random() * entries.length)]!;
        const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...(value as object) };
        const roll = random();
        if (roll < 0.15) delete copy[key];
        else copy[key] = roll < 0.5 ? weird[Math.floor(random() * weird.length)] : mutateValue(child, random, depth + 1);
        return copy;
      }
    }
    return weird[Math.floor(random() * weird.length)];
  }

  function mutateText(text: string, random: () => number): string {
    const chars = [...text];
    const edits = 1 + Math.floor(random() * 4);
    for (let i = 0; i < edits; i++) {
      const at = Math.floor(random() * chars.length);
      const roll = random();
      if (roll < 0.33) chars.splice(at, 1);
      else if (roll < 0.66) chars.splice(at, 0, '{}[]",:\\0x\u0000'[Math.floor(random() * 12)]!);
      else chars[at] = String.fromCharCode(Math.floor(random() * 0x10000));
    }
    return chars.join('');
  }

  it('answers 3,000 random mutations of valid bodies without a 5xx', async () => {
    const seed = 20261126;
    const random = prng(seed);
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 3000; i++) {
      const body = { events: [feedbackEvent({ experiments: { a: 'b' }, metadata: { k: 1 }, context: { locale: 'en' } }), exposureEvent()] };
      const payload = random() < 0.5 ? JSON.stringify(mutateValue(body, random)) ?? 'undefined' : mutateText(JSON.stringify(body), random);
      const response = await raw(payload, random() < 0.8 ? 'application/json' : 'text/plain');
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      if (response.statusCode >= 500) throw new Error(`seed ${seed}, case ${i}: ${response.statusCode} for ${payload.slice(0, 300)}`);
      const answer = response.json();
      if (response.statusCode === 200) expect(answer).toHaveProperty('accepted');
      else expect(answer).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect(statuses[200]).toBeGreaterThan(100);
    expect(statuses[400]).toBeGreaterThan(100);
  }, 120_000);
});
