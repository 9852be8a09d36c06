import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { exposureEvent, feedbackEvent, getFeatures, ORIGIN, postEvents, startTestApp, type TestApp } from '../../support/app.js';
import { expectAggregatesConsistent } from '../../support/verify.js';

let t: TestApp;
let project: CreatedProject;

beforeAll(async () => {
  t = await startTestApp();
  project = await t.project();
});
afterAll(() => t.close());
// Every write scenario leaves the rollups equal to their recomputation from the raw rows.
afterEach(() => expectAggregatesConsistent(t));

async function storedCount(table: 'feedback' | 'exposures', projectId = project.projectId): Promise<number> {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /v1/events', () => {
  it('stores a valid batch and commits it before answering', async () => {
    const before = await storedCount('feedback');
    const events = [feedbackEvent(), feedbackEvent({ comment: 'Love it', rating: undefined }), exposureEvent()];
    const response = await postEvents(t.app, project.publicKey, events);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect(await storedCount('feedback')).toBe(before + 2);
  });

  it('stores every field of the contract', async () => {
    const event = feedbackEvent({
      userId: 'user-42',
      sessionId: 'session-1',
      url: 'https://app.example.com/cart?x=1',
      experiments: { 'checkout-button': 'green', pricing: 'b' },
      context: { appVersion: '2.4.0', locale: 'de-DE' },
      rating: { scale: 'nps', value: 9 },
      comment: 'Quick <b>and</b> easy',
      category: 'praise',
      email: 'ada@example.com',
      metadata: { plan: 'pro', seats: 3, trial: false },
    });
    expect((await postEvents(t.app, project.publicKey, [event])).json().accepted).toBe(1);
    const row = await t.database.db
      .selectFrom('feedback')
      .selectAll()
      .where('project_id', '=', project.projectId)
      .where('id', '=', event.id as string)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      user_id: 'user-42',
      session_id: 'session-1',
      url: 'https://app.example.com/cart?x=1',
      experiments: { 'checkout-button': 'green', pricing: 'b' },
      app_version: '2.4.0',
      locale: 'de-DE',
      feature: 'checkout',
      rating_scale: 'nps',
      rating_value: 9,
      comment: 'Quick <b>and</b> easy',
      category: 'praise',
      email: 'ada@example.com',
      metadata: { plan: 'pro', seats: 3, trial: false },
    });
    expect(new Date(row.occurred_at).toISOString()).toBe(event.timestamp);
    expect(row.received_at).toBeInstanceOf(Date);
  });

  it('accepts a beacon: text/plain JSON with the key in the query', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/v1/events?key=${project.publicKey}`,
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
      payload: JSON.stringify({ events: [feedbackEvent()] }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().accepted).toBe(1);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('stores a repeated id once: across requests and within one batch', async () => {
    const event = feedbackEvent();
    const first = await postEvents(t.app, project.publicKey, [event]);
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = await postEvents(t.app, project.publicKey, [event, { ...event, id: (event.id as string).toUpperCase() }]);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    const twin = feedbackEvent();
    const inBatch = await postEvents(t.app, project.publicKey, [twin, twin]);
    expect(inBatch.json()).toMatchObject({ accepted: 1, duplicates: 1 });
    const stored = await t.database.db
      .selectFrom('feedback')
      .select('id')
      .where('id', 'in', [event.id as string, twin.id as string])
      .execute();
    expect(stored).toHaveLength(2);
  });

  it('stores the valid events of a batch and reports each invalid one', async () => {
    const good = [feedbackEvent(), exposureEvent()];
    const batch = [
      good[0],
      feedbackEvent({ id: 'not-a-uuid' }),
      feedbackEvent({ rating: { scale: 'stars', value: 6 } }),
      feedbackEvent({ rating: undefined, comment: '   ' }),
      feedbackEvent({ feature: 'has spaces' }),
      { type: 'click', id: randomUUID() },
      'not an object',
      good[1],
      feedbackEvent({ timestamp: new Date(Date.now() + 3 * 86_400_000).toISOString() }),
      feedbackEvent({ comment: 'nul \u0000 byte' }),
    ];
    const response = await postEvents(t.app, project.publicKey, batch);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'invalid_id'],
      [2, 'invalid_rating'],
      [3, 'missing_content'],
      [4, 'invalid_feature'],
      [5, 'unknown_type'],
      [6, 'invalid_event'],
      [8, 'timestamp_out_of_range'],
      [9, 'invalid_text'],
    ]);
    for (const r of body.rejected) expect(r.message).toMatch(/\w/);
  });

  it('cleans lone UTF-16 surrogates instead of failing', async () => {
    const event = feedbackEvent({ comment: 'half \ud83d emoji' });
    expect((await postEvents(t.app, project.publicKey, [event])).json().accepted).toBe(1);
    const row = await t.database.db.selectFrom('feedback').select('comment').where('id', '=', event.id as string).executeTakeFirstOrThrow();
    expect(row.comment).toBe('half \ufffd emoji');
  });
});

describe('POST /v1/events: whole-request errors', () => {
  const send = (payload: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/v1/events', headers, payload });

  it('400 invalid_body for a body that is not JSON or not the envelope', async () => {
    const json = { 'content-type': 'application/json', 'x-feedloop-key': project.publicKey };
    for (const payload of ['{"events": [', '[]', '{"events": {}}', '{"events": []}', '"text"', '{"__proto__": {"x": 1}, "events": []}']) {
      const response = await send(payload, json);
      expect(response.statusCode, payload).toBe(400);
      expect(response.json().code, payload).toBe('invalid_body');
      expect(response.json().message, payload).toMatch(/\w/);
    }
  });

  it('400 too_many_events past the batch limit', async () => {
    const events = Array.from({ length: 101 }, () => feedbackEvent());
    const response = await postEvents(t.app, project.publicKey, events);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('too_many_events');
  });

  it('401 unknown_key for a missing or unknown key', async () => {
    for (const key of ['', 'pk_unknown', 'garbage']) {
      const response = await postEvents(t.app, key, [feedbackEvent()]);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('unknown_key');
    }
  });

  it('403 wrong_key_type for a secret key', async () => {
    const response = await postEvents(t.app, project.secretKey, [feedbackEvent()]);
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('wrong_key_type');
  });

  it('403 origin_not_allowed for another origin, with no CORS grant and nothing stored', async () => {
    const before = await storedCount('feedback');
    const response = await postEvents(t.app, project.publicKey, [feedbackEvent()], { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('origin_not_allowed');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(await storedCount('feedback')).toBe(before);
  });

  it('413 payload_too_large over the body limit', async () => {
    const events = [feedbackEvent({ comment: 'x'.repeat(4000) })];
    const big = JSON.stringify({ events: Array.from({ length: 20 }, () => events[0]) });
    const response = await send(big, { 'content-type': 'application/json', 'x-feedloop-key': project.publicKey });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
  });

  it('415 unsupported_media_type for other content types', async () => {
    for (const type of ['application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      const response = await send('{"events":[]}', { 'content-type': type, 'x-feedloop-key': project.publicKey });
      expect(response.statusCode, type).toBe(415);
      expect(response.json().code).toBe('unsupported_media_type');
    }
  });
});

describe('CORS on /v1/events', () => {
  it('grants an allowed origin and answers preflights', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/events',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-feedloop-key' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-feedloop-key');
    expect(preflight.headers['access-control-max-age']).toBe('86400');

    const response = await postEvents(t.app, project.publicKey, [feedbackEvent()], { origin: ORIGIN });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('refuses a preflight for a disallowed origin when the key is in the query', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/v1/events?key=${project.publicKey}`,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows any origin for a project configured with *', async () => {
    const open = await t.project('Open project', ['*']);
    const response = await postEvents(t.app, open.publicKey, [feedbackEvent()], { origin: 'https://anywhere.example' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('https://anywhere.example');
  });
});

describe('aggregates', () => {
  it('counts events into the feature rollup once, however often they are sent', async () => {
    const p = await t.project('Rollup project');
    const events = [
      feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 4 } }),
      feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 5 }, comment: 'fast' }),
    ];
    await postEvents(t.app, p.publicKey, events);
    await postEvents(t.app, p.publicKey, events);
    const features = (await getFeatures(t.app, p.secretKey)).json().features;
    expect(features).toEqual([
      expect.objectContaining({ feature: 'search', count: 2, comments: 1, ratings: { stars: { count: 2, mean: 4.5 } } }),
    ]);
  });
});
