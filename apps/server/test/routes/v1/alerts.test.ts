import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_HEADER, type AlertEvent, type AlertRule } from '@feedloop/protocol';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/connect.js';
import { setMember } from '../../../src/services/members/members.js';
import { createProject } from '../../../src/services/projects/projects.js';
import { waitForFreshness } from '../../../src/services/rollups/freshness.js';
import { createWebhook } from '../../../src/services/webhooks/webhooks.js';
import { addDays, utcDayOf } from '../../../src/services/rollups/days.js';
import { cookieHeader, createPerson, extraSession } from '../../support/accounts.js';
import { exposureEvent, feedbackEvent, type TestApp, type TestProject } from '../../support/app.js';
import { openTestDatabase } from '../../support/database.js';
import { MAIL_FROM, PUBLIC_URL, mailsTo, startMailApp } from '../../support/mail.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtp-receiver.js';
import { eventually, startReceiver, storeFeedback } from '../../support/webhook-receiver.js';
import { XSS_PAYLOADS } from '../../support/xss.js';
import { send } from '../../support/query.js';

let receiver: SmtpReceiver;
let hooks: Awaited<ReturnType<typeof startReceiver>>;
let t: TestApp;
let project: TestProject;
let member: { userId: string; email: string; headers: Record<string, string> };
const admin = () => ({ authorization: `Bearer ${project.adminToken}` });
const DAY = 86_400_000;
const today = utcDayOf(new Date());
/** An instant `days` days from today's noon (UTC). */
const at = (days: number, hour = 12) => new Date(Date.parse(`${addDays(today, days)}T${String(hour).padStart(2, '0')}:00:00Z`));

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  hooks = await startReceiver();
  t = await startMailApp(receiver.url, { FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'true' });
  // The test ticks the scheduler itself, with its own clock.
  await t.app.alerts.stop();
  Object.assign(t.app.webhookDispatcher.settings, { pollMs: 20 });
  t.app.webhookDispatcher.wake();
  project = await t.project('Alerts project');
  const person = await createPerson(t, { email: 'watcher@example.com', roles: { [project.projectId]: 'member' } });
  const session = await extraSession(t, person.userId);
  member = { userId: person.userId, email: person.email, headers: { cookie: cookieHeader(session.cookie), [PROJECT_HEADER]: project.projectId, origin: PUBLIC_URL } };
});
afterAll(async () => {
  await t.close();
  await receiver.close();
  await hooks.close();
});

const clock = (now: Date) => {
  t.app.alerts.options.clock = () => now;
};

/** Stores feedback events, then waits until the aggregates (and the keyword watermark's source) hold them. */
async function seed(events: unknown[]) {
  for (let i = 0; i < events.length; i += 200) await storeFeedback(t.database.db, project.projectId, events.slice(i, i + 200));
  await waitForFreshness(t.database.db, new Date(), 10_000);
}

async function createRule(body: Record<string, unknown>): Promise<AlertRule> {
  const response = await t.app.inject({ method: 'POST', url: '/v1/alerts/rules', headers: admin(), payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function subscribe(ruleId: string) {
  const response = await t.app.inject({ method: 'PUT', url: `/v1/alerts/rules/${ruleId}/subscription`, headers: member.headers });
  expect(response.statusCode, response.body).toBe(200);
}

async function eventsOf(ruleId: string): Promise<AlertEvent[]> {
  const response = await t.app.inject({ method: 'GET', url: `/v1/alerts/events?ruleId=${ruleId}`, headers: admin() });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().events;
}

const thumbs = (feature: string, day: number, value: 0 | 1, n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => feedbackEvent({ feature, timestamp: at(day).toISOString(), anonymousId: `u-${feature}-${day}-${value}-${i}`, rating: { scale: 'thumbs', value }, ...extra }));

describe('rules: thresholds and access', () => {
  it.each([
    [{ kind: 'negative_spike', params: { factor: 0.5 } }, 'params.factor'],
    [{ kind: 'negative_spike', params: { trailingDays: 1 } }, 'params.trailingDays'],
    [{ kind: 'rating_drop', params: { days: 0 } }, 'params.days'],
    [{ kind: 'rating_drop', params: { minCount: 0 } }, 'params.minCount'],
    [{ kind: 'keyword', params: { keywords: [] } }, 'params.keywords'],
    [{ kind: 'keyword', params: { keywords: Array.from({ length: 21 }, (_, i) => `word${i}`) } }, 'params.keywords'],
    [{ kind: 'keyword', params: { keywords: ['x'.repeat(51)] } }, 'params.keywords'],
  ])('%j: 400 threshold_out_of_range naming %s', async (body, field) => {
    const response = await t.app.inject({ method: 'POST', url: '/v1/alerts/rules', headers: admin(), payload: { name: 'bad', ...body } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'threshold_out_of_range' });
    expect(response.json().message).toContain(field);
    const preview = await t.app.inject({ method: 'POST', url: '/v1/alerts/preview', headers: admin(), payload: body });
    expect(preview.json()).toMatchObject({ code: 'threshold_out_of_range' });
  });

  it('a member may not create rules, but may subscribe; a token is nobody to subscribe', async () => {
    const denied = await t.app.inject({ method: 'POST', url: '/v1/alerts/rules', headers: member.headers, payload: { name: 'x', kind: 'srm' } });
    expect(denied.statusCode).toBe(403);
    const rule = await createRule({ name: 'any srm', kind: 'srm', paused: true });
    await subscribe(rule.id);
    const listed = await t.app.inject({ method: 'GET', url: '/v1/alerts/rules', headers: member.headers });
    expect(listed.json().rules.find((r: AlertRule) => r.id === rule.id)).toMatchObject({ subscribed: true, subscribers: 1, paused: true });
    const token = await t.app.inject({ method: 'PUT', url: `/v1/alerts/rules/${rule.id}/subscription`, headers: admin() });
    expect(token.statusCode).toBe(400);
    expect(token.json().code).toBe('person_required');
    const gone = await t.app.inject({ method: 'DELETE', url: `/v1/alerts/rules/${rule.id}`, headers: admin() });
    expect(gone.statusCode).toBe(204);
  });
});

describe('rating drop', () => {
  it('fires with the report’s statistics, once per episode, again after clearing; not below the minimum sample', async () => {
    // The previous week: 40 thumbs up, 2 down; this week: 10 up, 30 down.
    await seed([...thumbs('checkout', -10, 1, 40), ...thumbs('checkout', -10, 0, 2), ...thumbs('checkout', -2, 1, 10), ...thumbs('checkout', -2, 0, 30)]);
    const hook = await createWebhook(t.database.db, project.projectId, { url: hooks.url('/json'), format: 'json', events: ['feedback.updated'] }, { allowPrivate: true });
    const rule = await createRule({ name: 'Checkout worse', kind: 'rating_drop', params: { feature: 'checkout', days: 7 }, webhookId: hook.id });
    const strict = await createRule({ name: 'Needs 100', kind: 'rating_drop', params: { feature: 'checkout', days: 7, minCount: 100 } });
    await subscribe(rule.id);
    clock(new Date());
    await t.app.alerts.tick({ metrics: true });
    const [fired, ...more] = await eventsOf(rule.id);
    expect(more).toEqual([]);
    expect(fired).toMatchObject({ kind: 'rating_drop', subject: 'checkout', link: `${PUBLIC_URL}/dashboard/#/features/checkout` });
    expect(fired!.evidence.comparisons![0]).toMatchObject({ metric: 'thumbs', verdict: 'worse' });
    expect(fired!.evidence.pValue).toBeLessThan(0.001);
    expect(fired!.evidence.numbers).toMatchObject({ countBefore: 42, countAfter: 40 });
    expect(fired!.evidence.from).toBe(addDays(today, -6));
    expect(await eventsOf(strict.id)).toEqual([]);

    // The mail to the subscriber carries the evidence and the link; the webhook the signed JSON.
    const [mail] = await mailsTo(receiver, member.email);
    expect(mail!.parsed.subject).toBe('Alert: Checkout worse (checkout)');
    expect(mail!.parsed.text).toContain('p-value');
    expect(mail!.parsed.text).toContain(`${PUBLIC_URL}/dashboard/#/features/checkout`);
    const delivery = await eventually(() => {
      const got = hooks.received.find((r) => r.path === '/json');
      expect(got).toBeDefined();
      return got!;
    });
    expect(delivery.headers['feedloop-event']).toBe('alert.fired');
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'alert.fired', data: { alert: { id: fired!.id, ruleName: 'Checkout worse' } } });

    // Still holding: no second alert.
    await t.app.alerts.tick({ metrics: true });
    expect(await eventsOf(rule.id)).toHaveLength(1);
    const listed = (await t.app.inject({ method: 'GET', url: '/v1/alerts/rules', headers: admin() })).json().rules as AlertRule[];
    expect(listed.find((r) => r.id === rule.id)!.openEpisodes).toEqual(['checkout']);
    // Three weeks on, nothing to compare: the episode clears. Back today, it holds again: a new episode.
    clock(new Date(Date.now() + 21 * DAY));
    await t.app.alerts.tick({ metrics: true });
    expect(await eventsOf(rule.id)).toHaveLength(1);
    clock(new Date());
    await t.app.alerts.tick({ metrics: true });
    expect(await eventsOf(rule.id)).toHaveLength(2);
    // Paused: nothing more.
    await t.app.inject({ method: 'PATCH', url: `/v1/alerts/rules/${rule.id}`, headers: admin(), payload: { paused: true } });
    await t.app.alerts.tick({ metrics: true });
    expect(await eventsOf(rule.id)).toHaveLength(2);
  });
});

describe('negative spike', () => {
  it('fires on ≥ 3× the trailing rate with at least 5, not below the minimum count; the preview names the days', async () => {
    const events: unknown[] = [];
    for (let d = -14; d <= -1; d++) events.push(...thumbs('search', d, 0, 1));
    events.push(...thumbs('search', -3, 0, 6), ...thumbs('search', 0, 0, 6), ...thumbs('profile', 0, 0, 4));
    await seed(events);
    const body = { kind: 'negative_spike', params: { factor: 3, trailingDays: 14, minCount: 5 } };
    const preview = await t.app.inject({ method: 'POST', url: '/v1/alerts/preview', headers: admin(), payload: body });
    expect(preview.statusCode, preview.body).toBe(200);
    const spikes = preview.json().alerts.filter((a: { subject: string }) => a.subject === 'search');
    expect(spikes.map((a: { day: string }) => a.day)).toEqual([addDays(today, -3), today]);
    expect(preview.json().alerts.some((a: { subject: string }) => a.subject === 'profile')).toBe(false);

    const rule = await createRule({ name: 'Spikes', ...body });
    clock(new Date());
    await t.app.alerts.tick({ metrics: true });
    const fired = await eventsOf(rule.id);
    expect(fired.map((e) => e.subject)).toEqual(['search']);
    expect(fired[0]!.evidence.numbers).toMatchObject({ count: 6, factor: 3 });
    expect(fired[0]!.evidence.numbers.trailingRate).toBeCloseTo(20 / 14, 10);
    expect(fired[0]!.evidence.pValue).toBeGreaterThan(0);
    expect(fired[0]!.evidence.pValue).toBeLessThan(0.05);
  });
});

describe('sample-ratio mismatch', () => {
  it('fires for a running experiment whose split is off (the experiment page’s test), in Slack format; not for a balanced one', async () => {
    const exposures = [
      ...Array.from({ length: 200 }, (_, i) => exposureEvent({ experiment: 'banner', variant: 'a', anonymousId: `srm-a-${i}` })),
      ...Array.from({ length: 120 }, (_, i) => exposureEvent({ experiment: 'banner', variant: 'b', anonymousId: `srm-b-${i}` })),
      ...Array.from({ length: 100 }, (_, i) => exposureEvent({ experiment: 'fair', variant: i % 2 ? 'a' : 'b', anonymousId: `fair-${i}` })),
    ];
    await send(t.app, project.publicKey, exposures);
    await waitForFreshness(t.database.db, new Date(), 10_000);
    const slack = await createWebhook(t.database.db, project.projectId, { url: hooks.url('/slack'), format: 'slack', events: ['feedback.updated'] }, { allowPrivate: true });
    const rule = await createRule({ name: 'SRM <!channel> & co', kind: 'srm', webhookId: slack.id });
    clock(new Date());
    await t.app.alerts.tick({ metrics: true });
    const fired = await eventsOf(rule.id);
    expect(fired.map((e) => e.subject)).toEqual(['banner']);
    expect(fired[0]!.evidence.pValue).toBeLessThan(0.001);
    expect(fired[0]!.evidence.numbers).toMatchObject({ 'observed.a': 200, 'observed.b': 120, 'expected.a': 160 });
    const text = (await eventually(() => {
      const got = hooks.received.find((r) => r.path === '/slack');
      expect(got).toBeDefined();
      return JSON.parse(got!.body) as { text: string };
    })).text;
    expect(text).toContain('SRM &lt;!channel&gt; &amp; co');
    expect(text).not.toContain('<!channel>');
  });
});

describe('keywords', () => {
  it('new feedback matching a keyword (whole word, any case) fires once per item; the XSS corpus is escaped in mail and Slack; erasure deletes it', async () => {
    const slack = await createWebhook(t.database.db, project.projectId, { url: hooks.url('/kw'), format: 'slack', events: ['feedback.updated'] }, { allowPrivate: true });
    const rule = await createRule({ name: 'Crashes', kind: 'keyword', params: { keywords: ['Crash', 'refund'] }, webhookId: slack.id });
    await subscribe(rule.id);
    const comment = `App CRASH on pay!\n${XSS_PAYLOADS.join('\n')}`;
    await seed([
      feedbackEvent({ feature: 'pay', comment, userId: 'eve' }),
      feedbackEvent({ feature: 'pay', comment: 'it crashed once, then crashes' }),
      feedbackEvent({ feature: 'pay', comment: 'no keyword here' }),
    ]);
    clock(new Date());
    await t.app.alerts.tick();
    await t.app.alerts.tick();
    const fired = await eventsOf(rule.id);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.evidence).toMatchObject({ keywords: ['crash'], quote: `${comment.slice(0, 1000)}…` });

    const mail = await eventually(() => {
      const got = receiver.mails.find((m) => m.to.includes(member.email) && m.parsed.subject === 'Alert: Crashes (crash)');
      expect(got).toBeDefined();
      return got;
    }, 10_000);
    const html = mail!.parsed.html as string;
    const tags = new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].filter((tag) => !['html', 'head', 'meta', 'title', 'body', 'p', 'strong', 'blockquote', 'a', 'hr'].includes(tag))).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    for (const payload of XSS_PAYLOADS) if (/[<>"']/.test(payload)) expect(html).not.toContain(payload);
    expect(mail!.parsed.text).toContain('> App CRASH on pay!');

    const text = (await eventually(() => {
      const got = hooks.received.find((r) => r.path === '/kw');
      expect(got).toBeDefined();
      return JSON.parse(got!.body) as { text: string };
    })).text;
    // The one link is ours; no other <, > or & survives unescaped.
    const rest = text.replace(`<${PUBLIC_URL}/dashboard/#/feedback|Open in Feedloop>`, '').replace(/^> /gm, '');
    expect(rest).not.toMatch(/[<>]/);
    expect(rest.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');

    const erased = await t.app.inject({ method: 'POST', url: `/v1/projects/${project.projectId}/privacy/erasures`, headers: admin(), payload: { userId: 'eve' } });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().counts).toMatchObject({ feedback: 1, alerts: 1, webhookDeliveries: 1, mails: 1 });
    expect(await eventsOf(rule.id)).toEqual([]);
  });
});

describe('digests', () => {
  it('validates the hour and the time zone', async () => {
    for (const [body, code] of [
      [{ timeZone: 'Mars/Olympus' }, 'invalid_time_zone'],
      [{ timeZone: 'EST5EDT; drop' }, 'invalid_time_zone'],
      [{ hour: 24 }, 'threshold_out_of_range'],
      [{ weekday: 0 }, 'threshold_out_of_range'],
    ] as const) {
      const response = await t.app.inject({ method: 'PUT', url: '/v1/alerts/digest', headers: member.headers, payload: body });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe(code);
    }
  });

  it('goes at the member’s hour in their time zone; after downtime the missed one goes once, late', async () => {
    const person = await createPerson(t, { email: 'digest@example.com', roles: { [project.projectId]: 'viewer' } });
    const headers = { cookie: cookieHeader((await extraSession(t, person.userId)).cookie), [PROJECT_HEADER]: project.projectId, origin: PUBLIC_URL };
    // 07:00 in New York (EST, UTC−5).
    clock(new Date('2030-01-10T12:00:00Z'));
    const saved = await t.app.inject({ method: 'PUT', url: '/v1/alerts/digest', headers, payload: { frequency: 'daily', hour: 9, timeZone: 'America/New_York', locale: 'de' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ frequency: 'daily', hour: 9, timeZone: 'America/New_York', lastPeriod: '2030-01-09', mailEnabled: true });
    const queued = () => t.database.db.selectFrom('mail_outbox').select(['payload']).where('kind', '=', 'digest').where('recipient', '=', 'digest@example.com').execute();
    clock(new Date('2030-01-10T13:59:00Z')); // 08:59 there
    await t.app.alerts.tick();
    expect(await queued()).toHaveLength(0);
    clock(new Date('2030-01-10T14:00:00Z')); // 09:00 there
    await t.app.alerts.tick();
    await t.app.alerts.tick();
    expect((await queued()).map((m) => (m.payload as { period: string }).period)).toEqual(['2030-01-10']);
    const [mail] = await mailsTo(receiver, 'digest@example.com');
    expect(mail!.parsed.subject).toBe('Alerts project: Feedback-Bericht 2030-01-09 – 2030-01-10');
    // Down for four days: one digest, for the latest period.
    clock(new Date('2030-01-14T20:00:00Z'));
    await t.app.alerts.tick();
    await t.app.alerts.tick();
    expect((await queued()).map((m) => (m.payload as { period: string }).period).sort()).toEqual(['2030-01-10', '2030-01-14']);
    await mailsTo(receiver, 'digest@example.com', 2);
  });

  it('two service instances on one database queue each digest once', async () => {
    const database = await openTestDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', FEEDLOOP_SMTP_URL: receiver.url, FEEDLOOP_MAIL_FROM: MAIL_FROM, FEEDLOOP_PUBLIC_URL: PUBLIC_URL });
    const second = database.schema ? await openDatabase({ url: process.env.DATABASE_URL!, dataDir: '', schema: database.schema, poolSize: 3 }) : database.handle;
    const apps = [
      await buildApp({ config, database: database.handle, ownsDatabase: false, logger: false }),
      await buildApp({ config, database: second, ownsDatabase: false, logger: false }),
    ];
    try {
      for (const app of apps) await app.ready();
      for (const app of apps) await app.alerts.stop();
      const { projectId } = await createProject(database.handle.db, { name: 'Replicas', allowedOrigins: [] });
      const count = 12;
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        await database.handle.db.insertInto('users').values({ id, email: `replica-digest-${i}@example.com`, display_name: `R${i}`, password_hash: null }).execute();
        await setMember(database.handle.db, projectId, id, 'viewer');
        await database.handle.db
          .insertInto('member_mail_settings')
          .values({ project_id: projectId, user_id: id, digest: 'weekly', digest_hour: 8, digest_weekday: 3, time_zone: 'Asia/Tokyo', last_digest_period: '2030-01-02' })
          .execute();
      }
      // Wednesday 2030-01-09, 08:30 in Tokyo.
      for (const app of apps) app.alerts.options.clock = () => new Date('2030-01-08T23:30:00Z');
      await Promise.all([...apps, ...apps].map((app) => app.alerts.tick()));
      const rows = await database.handle.db.selectFrom('mail_outbox').select(['recipient', 'dedupe_key']).where('project_id', '=', projectId).execute();
      expect(rows).toHaveLength(count);
      expect(new Set(rows.map((r) => r.recipient)).size).toBe(count);
      expect(rows.every((r) => r.dedupe_key!.endsWith(':weekly:2030-01-09'))).toBe(true);
    } finally {
      for (const app of apps) await app.close();
      if (second !== database.handle) await second.db.destroy();
      await database.drop();
    }
  });
});
