import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/connect.js';
import { enqueueMail } from '../../../src/services/mail/outbox.js';
import { createProject } from '../../../src/services/projects/projects.js';
import { openTestDatabase } from '../../support/database.js';
import { MAIL_FROM, PUBLIC_URL, mailLog, mailsTo, outboxOf, startMailApp, submit, triageItem, tuneWorker } from '../../support/mail.js';
import { closedPort, startSmtpReceiver, type SmtpReceiver } from '../../support/smtp-receiver.js';
import { eventually } from '../../support/webhook-receiver.js';
import type { TestApp, TestProject } from '../../support/app.js';

let receiver: SmtpReceiver;
let t: TestApp;
let project: TestProject;

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  t = await startMailApp(receiver.url, { FEEDLOOP_SMTP_TIMEOUT_SECONDS: '0.5' });
  project = await t.project('Delivery project');
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

const sendTest = async (to: string) => {
  const response = await t.app.inject({ method: 'POST', url: '/v1/mail/test', headers: { authorization: `Bearer ${project.adminToken}` }, payload: { to } });
  expect(response.statusCode, response.body).toBe(202);
  return response.json().id as string;
};
const logged = async (id: string) => (await mailLog(t, project)).find((m) => m.id === id);

describe('SMTP failures', () => {
  it('a server that refuses the first attempts (451) gets the mail on a retry, once', async () => {
    receiver.behaviour.temporaryRefusals = 2;
    const id = await sendTest('retry@example.com');
    await mailsTo(receiver, 'retry@example.com');
    const mail = await eventually(async () => {
      const row = await logged(id);
      expect(row?.status).toBe('sent');
      return row!;
    });
    expect(mail.attempts).toBe(3);
    expect(mail.attemptLog.map((a) => a.smtpCode)).toEqual([451, 451, 250]);
    expect(mail.attemptLog[0]!.error).toContain('Try again later');
  });

  it('a server that refuses the recipient permanently (550): given up after one attempt, logged', async () => {
    receiver.behaviour.refuseRecipients = true;
    try {
      const id = await sendTest('nobody-here@example.com');
      const mail = await eventually(async () => {
        const row = await logged(id);
        expect(row?.status).toBe('failed');
        return row!;
      });
      expect(mail.attempts).toBe(1);
      expect(mail.attemptLog).toEqual([expect.objectContaining({ smtpCode: 550, error: expect.stringContaining('No such user') })]);
      expect(receiver.mails.some((m) => m.to.includes('nobody-here@example.com'))).toBe(false);
    } finally {
      receiver.behaviour.refuseRecipients = false;
    }
  });

  it('a slow server (no greeting within the timeout) is retried, and gets the mail once it answers', async () => {
    receiver.behaviour.greetingDelayMs = 1500;
    const id = await sendTest('slow@example.com');
    const first = await eventually(async () => {
      const row = await logged(id);
      expect(row?.attemptLog.length).toBeGreaterThanOrEqual(1);
      return row!;
    });
    expect(first.attemptLog[0]).toMatchObject({ smtpCode: null, error: expect.stringMatching(/ETIMEDOUT|timeout/i) });
    receiver.behaviour.greetingDelayMs = 0;
    await mailsTo(receiver, 'slow@example.com');
    await eventually(async () => expect((await logged(id))?.status).toBe('sent'));
  });

  it('a server that is down: retried with backoff, then given up; the service keeps answering', async () => {
    const down = await startMailApp(`smtp://127.0.0.1:${await closedPort()}`);
    try {
      tuneWorker(down, 3);
      const p = await down.project();
      const response = await down.app.inject({ method: 'POST', url: '/v1/mail/test', headers: { authorization: `Bearer ${p.adminToken}` }, payload: { to: 'down@example.com' } });
      expect(response.statusCode).toBe(202);
      const mail = await eventually(async () => {
        const row = (await mailLog(down, p))[0]!;
        expect(row.status).toBe('failed');
        return row;
      });
      expect(mail.attempts).toBe(3);
      expect(mail.attemptLog.every((a) => a.smtpCode === null && /ECONNREFUSED|ECONNECTION/.test(a.error ?? ''))).toBe(true);
      expect((await down.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await down.close();
    }
  });
});

describe('coalescing and unsubscribing', () => {
  it('a storm of changes on one item makes one mail, telling the last state; the next waits an hour', async () => {
    const slow = await startMailApp(receiver.url, { FEEDLOOP_MAIL_COALESCE_SECONDS: '2' });
    try {
      const p = await slow.project();
      const id = await submit(slow, p, { email: 'storm@example.com' });
      const statuses = ['planned', 'in_progress', 'done', 'planned', 'acknowledged', 'done'];
      for (let round = 0; round < 3; round++) {
        for (const status of statuses) await triageItem(slow, p, id, { status });
        await triageItem(slow, p, id, { publicReply: `Reply ${round}` });
      }
      const queued = await outboxOf(slow, p.projectId, id);
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ status: 'pending', payload: { status: true, reply: true } });
      const [mail] = await mailsTo(receiver, 'storm@example.com');
      expect(mail!.parsed.text).toContain('New status: Done');
      expect(mail!.parsed.text).toContain('> Reply 2');
      // Another change: queued, but not before an hour after the last mail.
      await triageItem(slow, p, id, { publicReply: 'One more thing' });
      const after = await outboxOf(slow, p.projectId, id);
      expect(after.map((r) => r.status)).toEqual(['sent', 'pending']);
      const gap = new Date(after[1]!.not_before).getTime() - new Date(after[0]!.sent_at!).getTime();
      expect(gap).toBeGreaterThanOrEqual(3_600_000 - 1000);
      expect(receiver.mails.filter((m) => m.to.includes('storm@example.com'))).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('one-click unsubscribe (RFC 8058 POST) and the page: no more mail, waiting mail cancelled, listed by hint', async () => {
    const id = await submit(t, project, { email: 'Leave.Me@Example.com' });
    await triageItem(t, project, id, { status: 'planned' });
    const [mail] = await mailsTo(receiver, 'leave.me@example.com');
    const line = mail!.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, '');
    const url = new URL(/<(.+)>/.exec(line)![1]!);
    expect(url.origin).toBe(PUBLIC_URL);

    // A GET shows a page and changes nothing (link scanners follow links).
    const page = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<form method="post"');
    expect(page.body).toContain('Delivery project');

    // A pending mail for the same address (another item) is cancelled by the unsubscribe.
    const second = await submit(t, project, { email: 'leave.me@example.com' });
    await t.app.mailWorker!.stop();
    await triageItem(t, project, second, { status: 'planned' });
    const oneClick = await t.app.inject({
      method: 'POST',
      url: `${url.pathname}${url.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode, oneClick.body).toBe(200);
    expect(oneClick.body).toContain('no more mail');
    expect(await outboxOf(t, project.projectId, second)).toMatchObject([{ status: 'cancelled', last_error: 'unsubscribed' }]);
    t.app.mailWorker!.start();

    // Later changes queue nothing for that address.
    const third = await submit(t, project, { email: 'LEAVE.ME@example.com' });
    await triageItem(t, project, third, { publicReply: 'Are you still there?' });
    expect(await outboxOf(t, project.projectId, third)).toEqual([]);

    // The page's button: another address, same project.
    const other = await submit(t, project, { email: 'page@example.com' });
    await triageItem(t, project, other, { status: 'done' });
    const [otherMail] = await mailsTo(receiver, 'page@example.com');
    const otherUrl = new URL(/<(.+)>/.exec(otherMail!.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ''))![1]!);
    const button = await t.app.inject({
      method: 'POST',
      url: `${otherUrl.pathname}${otherUrl.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_URL },
      payload: 'from=page',
    });
    expect(button.statusCode).toBe(200);

    const list = await t.app.inject({ method: 'GET', url: '/v1/mail/unsubscribes', headers: { authorization: `Bearer ${project.adminToken}` } });
    const entries = list.json().unsubscribes as { hint: string; source: string }[];
    expect(entries.map((e) => [e.hint, e.source]).sort()).toEqual([
      ['l…@e….com', 'one-click'],
      ['p…@e….com', 'page'],
    ]);
    expect(list.body).not.toContain('leave.me');

    // Tokens this service did not make, or cut short, are refused.
    const token = url.searchParams.get('token')!;
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const bad of [forged, token.slice(0, 50)]) {
      const refused = await t.app.inject({ method: 'POST', url: `/v1/mail/unsubscribe?token=${bad}` });
      expect(refused.statusCode).toBe(400);
      expect(['invalid_token', 'invalid_query']).toContain(refused.json().code);
    }
    // An unsubscribe link works only for its own project.
    const otherProject = await t.project('Other project');
    const elsewhere = await submit(t, otherProject, { email: 'leave.me@example.com' });
    await triageItem(t, otherProject, elsewhere, { status: 'planned' });
    expect(await outboxOf(t, otherProject.projectId, elsewhere)).toHaveLength(1);
  });
});

describe('replicas', () => {
  it('two service instances on one database never send the same mail twice', async () => {
    const database = await openTestDatabase();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      FEEDLOOP_SMTP_URL: receiver.url,
      FEEDLOOP_MAIL_FROM: MAIL_FROM,
      FEEDLOOP_PUBLIC_URL: PUBLIC_URL,
    });
    // On PostgreSQL the second instance has a pool of its own, as another replica would.
    const second = database.schema
      ? await openDatabase({ url: process.env.DATABASE_URL!, dataDir: '', schema: database.schema, poolSize: 3 })
      : database.handle;
    const apps = [
      await buildApp({ config, database: database.handle, ownsDatabase: false, logger: false }),
      await buildApp({ config, database: second, ownsDatabase: false, logger: false }),
    ];
    try {
      for (const app of apps) await app.ready();
      const { projectId } = await createProject(database.handle.db, { name: 'Replicas', allowedOrigins: [] });
      for (const app of apps) {
        Object.assign(app.mailWorker!.settings, { pollMs: 5, batchSize: 2 });
        app.mailWorker!.wake();
      }
      const count = 40;
      const ids = await Promise.all(
        Array.from({ length: count }, (_, i) => enqueueMail(database.handle.db, projectId, { kind: 'test', recipient: `replica-${i}@example.com`, payload: {} })),
      );
      await eventually(() => expect(receiver.mails.filter((m) => m.to[0]!.startsWith('replica-')).length).toBeGreaterThanOrEqual(count), 20_000);
      await eventually(async () => {
        const rows = await database.handle.db.selectFrom('mail_outbox').select(['id', 'status', 'attempts']).where('project_id', '=', projectId).execute();
        expect(rows.filter((r) => r.status === 'sent')).toHaveLength(count);
        expect(rows.every((r) => r.attempts === 1)).toBe(true);
      });
      const received = receiver.mails.filter((m) => m.to[0]!.startsWith('replica-'));
      expect(received).toHaveLength(count);
      expect(new Set(received.map((m) => m.parsed.messageId)).size).toBe(count);
      expect(new Set(received.map((m) => m.parsed.messageId))).toEqual(new Set(ids.map((id) => `<${id}@feedloop.example>`)));
    } finally {
      for (const app of apps) await app.close();
      if (second !== database.handle) await second.db.destroy();
      await database.drop();
    }
  });
});
