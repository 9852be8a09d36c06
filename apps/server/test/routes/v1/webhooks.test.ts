import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS } from '@feedloop/protocol';
import { purgeDeliveryLog } from '../../../src/services/webhooks/purge.js';
import { signWebhook, verifyWebhookSignature } from '../../../src/services/webhooks/signature.js';
import { feedbackEvent, postEvents, startTestApp, type TestApp, type TestProject } from '../../support/app.js';
import { get } from '../../support/query.js';
import { aggregated } from '../../support/verify.js';
import { eventually, startReceiver, storeFeedback, type Received } from '../../support/webhook-receiver.js';

let t: TestApp;
let a: TestProject;
let b: TestProject;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const HOSTILE = '<script>alert(1)</script> & <!channel> <https://evil.example|click>';

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', key: string, url: string, body?: unknown) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(body === undefined ? {} : { payload: body as object }) });
}
async function createHook(body: Record<string, unknown>, key = a.adminToken) {
  const response = await call('POST', key, '/v1/webhooks', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string };
}
const deliveriesOf = async (hookId: string) => (await get(t.app, a.adminToken, `/v1/webhooks/${hookId}/deliveries`)).json().deliveries;
const at = (path: string) => receiver.received.filter((r) => r.path === path);

beforeAll(async () => {
  // The receiver listens on 127.0.0.1: this app allows private addresses (as tests and local development do).
  t = await startTestApp({ FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'true' });
  Object.assign(t.app.webhookDispatcher.settings, { pollMs: 20, backoffMs: 100, maxBackoffMs: 400, timeoutMs: 2000 });
  a = await t.project('A');
  b = await t.project('B');
  receiver = await startReceiver();
});
// Each test starts with no webhooks, even after a failed one (so one failure does not cascade).
afterEach(async () => {
  await t.database.db.deleteFrom('webhooks').execute();
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

describe('webhooks', () => {
  it('delivers feedback.created signed, verifiable and replay-safe', async () => {
    const hook = await createHook({ url: receiver.url('/json'), events: ['feedback.created'] });
    expect(hook.secret).toMatch(/^whsec_/);
    const [row] = await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ comment: HOSTILE, email: 'ada@example.com' })]);
    await storeFeedback(t.database.db, b.projectId, [feedbackEvent({ comment: 'project B' })]);

    const [got] = await eventually(() => {
      const list = at('/json');
      expect(list).toHaveLength(1);
      return list as [Received];
    });
    const { headers, body } = got;
    expect(headers['content-type']).toBe('application/json');
    expect(headers[WEBHOOK_HEADERS.event]).toBe('feedback.created');
    const timestamp = headers[WEBHOOK_HEADERS.timestamp] as string;
    const signature = headers[WEBHOOK_HEADERS.signature] as string;
    expect(verifyWebhookSignature({ secret: hook.secret, body, timestamp, signature })).toEqual({ ok: true });
    // Tampered body, wrong secret, replayed later: all refused.
    expect(verifyWebhookSignature({ secret: hook.secret, body: body.replace('alert', 'Alert'), timestamp, signature }).ok).toBe(false);
    expect(verifyWebhookSignature({ secret: 'whsec_other', body, timestamp, signature }).ok).toBe(false);
    expect(verifyWebhookSignature({ secret: hook.secret, body, timestamp, signature, now: Number(timestamp) + 301 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    // A signature made for another timestamp does not carry over.
    const moved = String(Number(timestamp) + 10);
    expect(verifyWebhookSignature({ secret: hook.secret, body, timestamp: moved, signature }).ok).toBe(false);
    expect(signature).toBe(signWebhook(hook.secret, Number(timestamp), body));

    const event = JSON.parse(body);
    expect(event).toMatchObject({
      type: 'feedback.created',
      projectId: a.projectId,
      data: { feedback: { id: row!.id, comment: HOSTILE, status: 'new', tags: [], publicReply: null } },
    });
    expect(headers[WEBHOOK_HEADERS.delivery]).toMatch(/^[0-9a-f-]{36}$/);
    // Only project A's feedback reached A's webhook.
    expect(body).not.toContain('project B');

    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(hook.id);
      expect(list[0].status).toBe('delivered');
      return list;
    });
    expect(delivery).toMatchObject({ event: 'feedback.created', attempts: 1, responseStatus: 200, attemptLog: [{ statusCode: 200 }] });
    await call('DELETE', a.adminToken, `/v1/webhooks/${hook.id}`);
  });

  it('formats for Slack with user text escaped', async () => {
    const hook = await createHook({ url: receiver.url('/slack'), format: 'slack' });
    await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ comment: `${HOSTILE}\nsecond line`, rating: { scale: 'stars', value: 2 } })]);
    const [got] = await eventually(() => {
      const list = at('/slack');
      expect(list).toHaveLength(1);
      return list as [Received];
    });
    const { text } = JSON.parse(got.body) as { text: string };
    expect(Object.keys(JSON.parse(got.body))).toEqual(['text']);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt; &lt;https://evil.example|click&gt;');
    expect(text).not.toMatch(/<script|<!channel>|<https:\/\/evil/);
    expect(text).toContain('> second line');
    expect(text).toContain('*checkout*');
    // Slack payloads are signed too.
    const ok = verifyWebhookSignature({
      secret: hook.secret,
      body: got.body,
      timestamp: got.headers[WEBHOOK_HEADERS.timestamp] as string,
      signature: got.headers[WEBHOOK_HEADERS.signature] as string,
    });
    expect(ok.ok).toBe(true);
    await call('DELETE', a.adminToken, `/v1/webhooks/${hook.id}`);
  });

  it('retries with exponential backoff while the receiver fails, then delivers', async () => {
    const hook = await createHook({ url: receiver.url('/flaky') });
    receiver.state.failures = 2;
    await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ comment: 'retry me' })]);
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(hook.id);
      expect(list[0]?.status).toBe('delivered');
      return list;
    });
    expect(delivery.attempts).toBe(3);
    expect(delivery.attemptLog.map((x: { statusCode: number }) => x.statusCode)).toEqual([503, 503, 200]);
    const times = at('/flaky').map((r) => r.at);
    expect(times).toHaveLength(3);
    // Backoff 100 ms then 200 ms (±20 %), each at least that long after the previous attempt.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(75);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(155);
    await call('DELETE', a.adminToken, `/v1/webhooks/${hook.id}`);
  });

  it('gives up after maxAttempts, and delivers again on manual redelivery', async () => {
    t.app.webhookDispatcher.settings.maxAttempts = 2;
    try {
      const hook = await createHook({ url: receiver.url('/down') });
      receiver.state.failures = 2;
      await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ comment: 'give up' })]);
      const [failed] = await eventually(async () => {
        const list = await deliveriesOf(hook.id);
        expect(list[0]?.status).toBe('failed');
        return list;
      });
      expect(failed).toMatchObject({ attempts: 2, responseStatus: 503, lastError: 'HTTP 503', nextAttemptAt: null });
      const first = at('/down');
      expect(first).toHaveLength(2);

      const again = await call('POST', a.adminToken, `/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`);
      expect(again.statusCode, again.body).toBe(202);
      expect(again.json()).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
      const [delivered] = await eventually(async () => {
        const list = await deliveriesOf(hook.id);
        expect(list[0]?.status).toBe('delivered');
        return list;
      });
      expect(delivered.attemptLog.map((x: { statusCode: number }) => x.statusCode)).toEqual([503, 503, 200]);
      const redelivered = at('/down')[2]!;
      // Same event and delivery id (receivers deduplicate), fresh timestamp and signature.
      expect(redelivered.headers[WEBHOOK_HEADERS.delivery]).toBe(first[0]!.headers[WEBHOOK_HEADERS.delivery]);
      expect(JSON.parse(redelivered.body).id).toBe(JSON.parse(first[0]!.body).id);
      expect((await call('POST', b.adminToken, `/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`)).statusCode).toBe(404);
      await call('DELETE', a.adminToken, `/v1/webhooks/${hook.id}`);
    } finally {
      t.app.webhookDispatcher.settings.maxAttempts = 10;
    }
  });

  it('sends feedback.updated on triage, with the changes and the actor', async () => {
    const hook = await createHook({ url: receiver.url('/updated'), events: ['feedback.updated'] });
    const [row] = await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ comment: 'please fix' })]);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/feedback/${row!.id}`,
      headers: { authorization: `Bearer ${a.adminToken}` },
      // A typed actor is ignored: the change is the authenticated token's.
      payload: { status: 'planned', publicReply: 'On it', actor: 'Grace' },
    });
    expect(patched.statusCode).toBe(200);
    const [got] = await eventually(() => {
      const list = at('/updated');
      expect(list).toHaveLength(1);
      return list as [Received];
    });
    expect(JSON.parse(got.body)).toMatchObject({
      type: 'feedback.updated',
      data: {
        actor: `token test admin (${a.adminToken.slice(0, 8)}…)`,
        feedback: { id: row!.id, status: 'planned', publicReply: 'On it' },
        changes: { status: { from: 'new', to: 'planned' }, publicReply: { from: null, to: 'On it' } },
      },
    });
    // Not subscribed to feedback.created: nothing for the new item.
    expect(at('/updated').every((r) => r.headers[WEBHOOK_HEADERS.event] === 'feedback.updated')).toBe(true);
    await call('DELETE', a.adminToken, `/v1/webhooks/${hook.id}`);
  });

  it('delivers feedback accepted by POST /v1/events', async () => {
    const hook = await createHook({ url: receiver.url('/ingest') });
    const event = feedbackEvent({ comment: 'through ingest' });
    expect((await postEvents(t.app, a.publicKey, [event])).json().accepted).toBe(1);
    await eventually(() => expect(at('/ingest').map((r) => JSON.parse(r.body).data.feedback.id)).toEqual([event.id]));
    await call('DELETE', a.adminToken, `/v1/webhooks/${hook.id}`);
  });

  it('manages webhooks per project: create, list, change, rotate, delete', async () => {
    const hook = await createHook({ url: receiver.url('/crud'), description: 'Slack #feedback', format: 'slack' });
    const list = (await get(t.app, a.adminToken, '/v1/webhooks')).json().webhooks;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: hook.id, format: 'slack', active: true, events: ['feedback.created', 'feedback.updated'] });
    expect(list[0].secret).toBeUndefined();
    expect(list[0].secretHint).toBe(hook.secret.slice(0, 10) + '…');
    // Project B sees none of it.
    expect((await get(t.app, b.adminToken, '/v1/webhooks')).json().webhooks).toEqual([]);
    expect((await get(t.app, b.adminToken, `/v1/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect((await call('PATCH', b.adminToken, `/v1/webhooks/${hook.id}`, { active: false })).statusCode).toBe(404);
    expect((await call('DELETE', b.adminToken, `/v1/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect((await get(t.app, b.adminToken, `/v1/webhooks/${hook.id}/deliveries`)).statusCode).toBe(404);

    const rotated = (await call('PATCH', a.adminToken, `/v1/webhooks/${hook.id}`, { rotateSecret: true, active: false })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    expect(rotated.active).toBe(false);
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'https://user:pw@example.com/x', 'not a url']) {
      expect((await call('POST', a.adminToken, '/v1/webhooks', { url })).statusCode, url).toBe(400);
    }
    expect((await call('POST', a.adminToken, '/v1/webhooks', { url: receiver.url(), events: ['feedback.deleted'] })).statusCode).toBe(400);
    expect((await call('DELETE', a.adminToken, `/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await get(t.app, a.adminToken, `/v1/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect((await get(t.app, a.publicKey, '/v1/webhooks')).statusCode).toBe(403);
  });

  it('writes nothing to the outbox for projects without webhooks', async () => {
    await storeFeedback(t.database.db, b.projectId, [feedbackEvent(), feedbackEvent()]);
    await aggregated(t.database.db);
    const { count } = await t.database.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('project_id', '=', b.projectId)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });

  it('keeps deliveries 30 days in the log, pending ones of a paused webhook included', async () => {
    const db = t.database.db;
    const hook = await createHook({ url: receiver.url('/old') });
    await storeFeedback(db, a.projectId, [feedbackEvent(), feedbackEvent(), feedbackEvent()]);
    const rows = await eventually(async () => {
      const list = await deliveriesOf(hook.id);
      expect(list.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
      return list as { id: string }[];
    });
    await call('PATCH', a.adminToken, `/v1/webhooks/${hook.id}`, { active: false });
    // One finished long ago, one still pending since then (its webhook is paused), one pending
    // for 29 days: the log is bounded, so only the last stays.
    const old = new Date(Date.now() - 31 * 86_400_000);
    await db.updateTable('webhook_deliveries').set({ created_at: old }).where('id', '=', rows[0]!.id).execute();
    await db.updateTable('webhook_deliveries').set({ created_at: old, status: 'pending' }).where('id', '=', rows[1]!.id).execute();
    const recent = new Date(Date.now() - 29 * 86_400_000);
    await db.updateTable('webhook_deliveries').set({ created_at: recent, status: 'pending' }).where('id', '=', rows[2]!.id).execute();
    expect(await purgeDeliveryLog(db)).toBe(2);
    expect((await deliveriesOf(hook.id)).map((d: { id: string }) => d.id)).toEqual([rows[2]!.id]);
  });
});

describe('webhook address policy (FEEDLOOP_WEBHOOK_ALLOW_PRIVATE off, the default)', () => {
  let strict: TestApp;
  let project: CreatedProject;
  const REFUSED = /^refused: /;
  beforeAll(async () => {
    strict = await startTestApp();
    Object.assign(strict.app.webhookDispatcher.settings, { pollMs: 20, backoffMs: 100, maxBackoffMs: 400, timeoutMs: 2000 });
    project = await strict.project('strict');
  });
  afterAll(() => strict.close());
  const post = (url: string) =>
    strict.app.inject({ method: 'POST', url: '/v1/webhooks', headers: { authorization: `Bearer ${project.adminToken}` }, payload: { url } });
  const strictDeliveries = async (hookId: string) =>
    (await get(strict.app, project.adminToken, `/v1/webhooks/${hookId}/deliveries`)).json().deliveries;

  it('refuses to register internal URLs with 400 webhook_url_forbidden', async () => {
    for (const url of [
      receiver.url('/internal'),
      'http://localhost:5432/',
      'http://169.254.169.254/latest/meta-data/iam/',
      'http://[::1]:8787/v1/projects',
      'http://[::ffff:10.0.0.1]/',
      'http://0x7f.0.0.1/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://[fd00::1]/',
      'https://user:secret@hooks.example.com/',
      'gopher://hooks.example.com/',
    ]) {
      const response = await post(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ code: 'webhook_url_forbidden', message: expect.stringMatching(/^url must/) });
    }
    expect((await post('nonsense')).json()).toMatchObject({ code: 'invalid_body' });
    // Nothing was stored.
    expect((await get(strict.app, project.adminToken, '/v1/webhooks')).json().webhooks).toEqual([]);
  });

  it('refuses to move a webhook to an internal URL', async () => {
    const created = await post('https://hooks.example.com/feedloop');
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const moved = await strict.app.inject({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      headers: { authorization: `Bearer ${project.adminToken}` },
      payload: { url: 'http://169.254.169.254/' },
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().code).toBe('webhook_url_forbidden');
    expect((await get(strict.app, project.adminToken, `/v1/webhooks/${id}`)).json().url).toBe('https://hooks.example.com/feedloop');
    await strict.app.inject({ method: 'DELETE', url: `/v1/webhooks/${id}`, headers: { authorization: `Bearer ${project.adminToken}` } });
  });

  it('refuses a delivery whose host name resolves to a private address, and logs why', async () => {
    const settings = strict.app.webhookDispatcher.settings;
    const resolve = settings.resolve;
    // A public-looking name that resolves to loopback (DNS rebinding, or an internal name).
    settings.resolve = async (hostname) => (hostname === 'rebind.example.test' ? [{ address: '127.0.0.1', family: 4 }] : resolve(hostname));
    try {
      const url = receiver.url('/rebind').replace('127.0.0.1', 'rebind.example.test');
      const created = await post(url);
      expect(created.statusCode, created.body).toBe(201);
      const hook = created.json();
      await storeFeedback(strict.database.db, project.projectId, [feedbackEvent({ comment: 'rebind' })]);
      const [delivery] = await eventually(async () => {
        const list = await strictDeliveries(hook.id);
        expect(list[0]?.status).toBe('failed');
        return list;
      });
      // Given up at once (no retries against an internal address), the reason in the log.
      expect(delivery).toMatchObject({ attempts: 1, responseStatus: null, lastError: expect.stringMatching(REFUSED) });
      expect(delivery.lastError).toContain('rebind.example.test resolves to 127.0.0.1, a loopback address');
      expect(delivery.attemptLog).toEqual([expect.objectContaining({ statusCode: null, error: delivery.lastError })]);
      expect(at('/rebind')).toEqual([]);
    } finally {
      settings.resolve = resolve;
    }
  });

  it('refuses a delivery to a literal private address stored before the policy', async () => {
    const db = strict.database.db;
    const created = await post('https://hooks.example.com/was-public');
    const hook = created.json();
    // As if registered by an older version, or while FEEDLOOP_WEBHOOK_ALLOW_PRIVATE was on.
    await db.updateTable('webhooks').set({ url: receiver.url('/legacy') }).where('id', '=', hook.id).execute();
    await storeFeedback(db, project.projectId, [feedbackEvent({ comment: 'legacy' })]);
    const [delivery] = await eventually(async () => {
      const list = await strictDeliveries(hook.id);
      expect(list[0]?.status).toBe('failed');
      return list;
    });
    expect(delivery.lastError).toMatch(/^refused: 127\.0\.0\.1, a loopback address/);
    expect(at('/legacy')).toEqual([]);
  });
});

describe('webhook delivery connects to the address it checked', () => {
  it('uses the resolved address (the name exists in no DNS), and delivers with the switch on', async () => {
    const settings = t.app.webhookDispatcher.settings;
    const resolve = settings.resolve;
    const asked: string[] = [];
    settings.resolve = async (hostname) => {
      asked.push(hostname);
      return hostname === 'pinned.example.test' ? [{ address: '127.0.0.1', family: 4 }] : resolve(hostname);
    };
    try {
      const hook = await createHook({ url: receiver.url('/pinned').replace('127.0.0.1', 'pinned.example.test'), events: ['feedback.created'] });
      await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ comment: 'pinned' })]);
      await eventually(async () => expect((await deliveriesOf(hook.id))[0]?.status).toBe('delivered'));
      expect(at('/pinned')).toHaveLength(1);
      expect(at('/pinned')[0]!.headers.host).toMatch(/^pinned\.example\.test:\d+$/);
      expect(asked).toContain('pinned.example.test');
      await call('DELETE', a.adminToken, `/v1/webhooks/${hook.id}`);
    } finally {
      settings.resolve = resolve;
    }
  });
});
