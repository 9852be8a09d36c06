import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../src/services/projects/projects.js';
import { ADMIN_TOKEN, feedbackEvent, ORIGIN, postEvents, startTestApp, type TestApp } from '../support/app.js';

// The service's real logger (JSON lines at info), read back: request ids yes; keys, tokens and
// feedback text never, on success and error paths alike.
describe('structured logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  let project: CreatedProject;
  // (An order number, not a card: a card number would be redacted before it is stored.)
  const comment = 'my order number is 4111 1111 1111 1112 — please do not log this';

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logStream: { write: (line) => void lines.push(line) } });
    project = await t.project();
  });
  afterAll(() => t.close());

  it('carry request ids, and no key, token or feedback text', async () => {
    const event = feedbackEvent({ comment, email: 'ada@example.com' });
    expect((await postEvents(t.app, project.publicKey, [event])).statusCode).toBe(200);
    // The beacon form: the public key in the query string.
    const beacon = await t.app.inject({
      method: 'POST',
      url: `/v1/events?key=${project.publicKey}`,
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      payload: JSON.stringify({ events: [feedbackEvent({ comment })] }),
    });
    expect(beacon.statusCode).toBe(200);
    // Error paths: a bad body echoing the comment, a wrong key, a secret key where a public one goes.
    expect((await postEvents(t.app, project.publicKey, [{ ...event, id: 'not-a-uuid' }])).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/v1/events', headers: { 'x-feedloop-key': project.publicKey, 'content-type': 'application/json', origin: ORIGIN }, payload: `{"events": [${JSON.stringify(comment)}` })).statusCode).toBe(400);
    expect((await postEvents(t.app, project.secretKey, [event])).statusCode).toBe(403);
    const read = await t.app.inject({ method: 'GET', url: '/v1/feedback', headers: { authorization: `Bearer ${project.secretKey}` } });
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('4111 1111 1111 1112'); // the API returns it to its owner...
    expect((await t.app.inject({ method: 'GET', url: '/v1/features', headers: { authorization: 'Bearer sk_wrong_0123456789' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/v1/projects', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'Other' } })).statusCode).toBe(201);

    // A refused beacon: logged, with its key redacted.
    expect((await t.app.inject({ method: 'POST', url: `/v1/events?key=${project.publicKey}`, headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, payload: '{}' })).statusCode).toBe(403);

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((e) => e.msg === 'request completed' || e.msg === 'request refused');
    // One line per request at info, except the browsers' accepted event batches (debug: the hot path).
    expect(requests.filter((e) => e.msg === 'request refused').length).toBeGreaterThanOrEqual(4);
    expect(requests.filter((e) => (e.req as { url: string }).url.startsWith('/v1/events') && (e.res as { statusCode: number }).statusCode === 200)).toEqual([]);
    for (const entry of requests) expect(entry.reqId).toBeTruthy();
    expect(requests.some((e) => (e.req as { url: string }).url === '/v1/events?key=***')).toBe(true);

    const text = lines.join('\n');
    // ...but nothing of it, nor any credential, reaches the logs.
    for (const secret of [project.publicKey, project.secretKey, ADMIN_TOKEN, 'sk_wrong_0123456789', '4111', 'ada@example.com', 'please do not log']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text.toLowerCase()).not.toContain('authorization');
  });
});
