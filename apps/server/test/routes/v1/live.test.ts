import { get as httpGet, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { ADMIN_TOKEN, feedbackEvent, postEvents, startTestApp, type TestApp } from '../../support/app.js';
import { eventually, storeFeedback } from '../../support/webhook-receiver.js';

let t: TestApp;
/** A second replica on the same database: it hears the first one's feedback through NOTIFY. */
let replica: FastifyInstance;
let base: string;
let a: CreatedProject;
let b: CreatedProject;

interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
  at: number;
}

/**
 * Reads GET /v1/stream as a stream of text, as the dashboard does with fetch. (node:http rather
 * than fetch here: undici keeps a spare connection open after an abort, which holds up close().)
 */
async function openStream(key: string) {
  const events: SseEvent[] = [];
  const raw: string[] = [];
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    httpGet(`${base}/v1/stream`, { headers: { authorization: `Bearer ${key}` }, agent: false }, resolve).on('error', reject);
  });
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    raw.push(chunk);
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(
        block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
      );
      if (fields.event) events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? 'null'), at: Date.now() });
    }
  });
  response.on('error', () => {});
  return { response, events, raw, close: async () => void response.destroy() };
}

beforeAll(async () => {
  t = await startTestApp();
  replica = await buildApp({
    config: loadConfig({ FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'silent' }),
    database: t.database,
    ownsDatabase: false,
    logger: false,
  });
  base = await replica.listen({ port: 0, host: '127.0.0.1' });
  a = await t.project('A');
  b = await t.project('B');
});
afterAll(async () => {
  await replica.close();
  await t.close();
});

describe('GET /v1/stream', () => {
  it('pushes the project’s new feedback within a second, from any replica, and nothing of other projects', async () => {
    const stream = await openStream(a.secretKey);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await eventually(() => expect(stream.raw.join('')).toContain(': connected'));

    const sent = Date.now();
    const [row] = await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ comment: '</script><script>alert(1)</script>\n\ndata: x' })]);
    await storeFeedback(t.database.db, b.projectId, [feedbackEvent({ comment: 'project B' })]);
    const [event] = await eventually(() => {
      expect(stream.events).toHaveLength(1);
      return stream.events as [SseEvent];
    }, 2000);
    expect(event.at - sent).toBeLessThan(1000);
    expect(event).toMatchObject({
      event: 'feedback.created',
      id: row!.id,
      data: { id: row!.id, comment: '</script><script>alert(1)</script>\n\ndata: x', status: 'new' },
    });

    // A triage change is pushed as feedback.updated.
    await t.app.inject({
      method: 'PATCH',
      url: `/v1/feedback/${row!.id}`,
      headers: { authorization: `Bearer ${a.secretKey}` },
      payload: { status: 'acknowledged', tags: ['live'] },
    });
    await eventually(() => expect(stream.events.map((e) => e.event)).toEqual(['feedback.created', 'feedback.updated']), 2000);
    expect(stream.events[1]!.data).toMatchObject({ id: row!.id, status: 'acknowledged', tags: ['live'] });
    expect(JSON.stringify(stream.events)).not.toContain('project B');
    await stream.close();
  });

  it('pushes feedback accepted by POST /v1/events', async () => {
    const stream = await openStream(a.secretKey);
    await eventually(() => expect(stream.raw.join('')).toContain(': connected'));
    const event = feedbackEvent({ comment: 'via ingest' });
    expect((await postEvents(t.app, a.publicKey, [event])).json().accepted).toBe(1);
    await eventually(() => expect(stream.events.map((e) => e.id)).toEqual([event.id]), 1000);
    await stream.close();
  });

  it('needs the secret key in the Authorization header', async () => {
    expect((await fetch(`${base}/v1/stream`)).status).toBe(401);
    expect((await fetch(`${base}/v1/stream`, { headers: { authorization: `Bearer ${a.publicKey}` } })).status).toBe(403);
  });

  it('lets go of subscribers when clients disconnect', async () => {
    const stream = await openStream(b.secretKey);
    await eventually(() => expect(replica.live.size).toBeGreaterThan(0));
    await stream.close();
    await eventually(() => expect(replica.live.size).toBe(0));
  });
});
