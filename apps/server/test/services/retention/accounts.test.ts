import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLink } from '../../../src/services/accounts/links.js';
import { createSession } from '../../../src/services/accounts/sessions.js';
import { recordFailure, THROTTLE } from '../../../src/services/accounts/throttle.js';
import { createUser } from '../../../src/services/accounts/users.js';
import { recordAudit } from '../../../src/services/audit/audit.js';
import { purgeAccountRecords, purgeAuditLog } from '../../../src/services/retention/accounts.js';
import { feedbackEvent, startTestApp, type TestApp } from '../../support/app.js';
import { aggregated } from '../../support/verify.js';
import { storeFeedback } from '../../support/webhook-receiver.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const lifetime = { idleMs: 24 * HOUR, absoluteMs: 14 * 24 * HOUR };

let t: TestApp;
beforeAll(async () => {
  // Raw events are kept (FEEDLOOP_RETENTION_DAYS unset); the audit trail for 30 days.
  t = await startTestApp({ FEEDLOOP_AUDIT_RETENTION_DAYS: '30' });
});
afterAll(() => t.close());

const ago = (ms: number) => new Date(Date.now() - ms);
const all = async () => {
  const db = t.database.db;
  return {
    sessions: (await db.selectFrom('sessions').select('user_agent').orderBy('user_agent').execute()).map((r) => r.user_agent),
    links: (await db.selectFrom('one_time_links').select('email').orderBy('email').execute()).map((r) => r.email),
    failures: Number((await db.selectFrom('sign_in_failures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    ssoLogins: (await db.selectFrom('sso_logins').select('return_to').orderBy('return_to').execute()).map((r) => r.return_to),
    audit: (await db.selectFrom('audit_log').select('action').orderBy('action').execute()).map((r) => r.action),
  };
};

/** One of each record the clean-up deletes, and one of each it keeps. */
async function seed(): Promise<void> {
  const db = t.database.db;
  const user = await createUser(db, { email: `retention-${Date.now()}@example.com` });
  const client = (name: string) => ({ userAgent: name, address: null });
  await createSession(db, user.id, lifetime, client('live'));
  const idle = await createSession(db, user.id, lifetime, client('idle'));
  await db.updateTable('sessions').set({ last_seen_at: ago(25 * HOUR) }).where('id', '=', idle.sessionId).execute();
  const ended = await createSession(db, user.id, lifetime, client('ended'));
  await db.updateTable('sessions').set({ expires_at: ago(1000) }).where('id', '=', ended.sessionId).execute();

  await createLink(db, 'invite', { email: 'live@example.com' }, 'http://localhost');
  await createLink(db, 'invite', { email: 'used@example.com' }, 'http://localhost');
  await db.updateTable('one_time_links').set({ used_at: new Date() }).where('email', '=', 'used@example.com').execute();
  await createLink(db, 'invite', { email: 'expired@example.com' }, 'http://localhost');
  await db.updateTable('one_time_links').set({ expires_at: ago(1000) }).where('email', '=', 'expired@example.com').execute();

  // Counters: one in its window (2 rows: account and address), one stale (2 rows), one stale
  // but still blocking (its account row blocks; its address row is stale).
  await recordFailure(db, 'recent@example.com', '192.0.2.1');
  await recordFailure(db, 'stale@example.com', '192.0.2.2');
  for (let i = 0; i < THROTTLE.perAccount; i++) await recordFailure(db, 'blocked@example.com', '192.0.2.3');
  await db.updateTable('sign_in_failures').set({ window_start: ago(THROTTLE.windowMs + 60_000) }).where('blocked_until', 'is', null).where('failures', '=', 1).execute();
  await db.updateTable('sign_in_failures').set({ window_start: ago(THROTTLE.windowMs + 60_000) }).where('failures', '=', THROTTLE.perAccount).execute();
  // …then the recent pair gets its window back.
  await recordFailure(db, 'recent@example.com', '192.0.2.1');

  const sso = (returnTo: string, expiresAt: Date) =>
    db.insertInto('sso_logins').values({ state_hash: `state-${returnTo}`, nonce: 'n', code_verifier: 'v', return_to: returnTo, expires_at: expiresAt }).execute();
  await sso('/dashboard/live', new Date(Date.now() + 600_000));
  await sso('/dashboard/abandoned', ago(1000));

  const project = await t.project('audit retention');
  const audit = (action: string, projectId: string | null) => recordAudit(db, { principal: undefined, projectId, action, clientAddress: null });
  await audit('recent.instance', null);
  await audit('recent.project', project.projectId);
  await audit('old.instance', null);
  await audit('old.project', project.projectId);
  await db.updateTable('audit_log').set({ at: ago(31 * DAY) }).where('action', 'like', 'old.%').execute();
}

describe('account clean-up', () => {
  it('runs with the retention even when raw events are kept forever, and deletes only what has ended', async () => {
    expect(t.app.config.retentionDays).toBe(0);
    await seed();
    const before = await all();
    expect(before.sessions).toEqual(['ended', 'idle', 'live']);
    expect(before.links).toEqual(['expired@example.com', 'live@example.com', 'used@example.com']);
    expect(before.ssoLogins).toEqual(['/dashboard/abandoned', '/dashboard/live']);
    expect(before.audit).toEqual(['old.instance', 'old.project', 'recent.instance', 'recent.project']);
    const failuresBefore = before.failures;
    expect(failuresBefore).toBe(6);

    await t.app.runRetention();

    expect(await all()).toEqual({
      sessions: ['live'],
      links: ['live@example.com'],
      // The recent pair, and the blocked account's row (its address row was stale and under the limit).
      failures: 3,
      ssoLogins: ['/dashboard/live'],
      audit: ['recent.instance', 'recent.project'],
    });
  });

  it('keeps the audit trail when FEEDLOOP_AUDIT_RETENTION_DAYS is 0, and counts what it deleted', async () => {
    const db = t.database.db;
    await db.deleteFrom('audit_log').execute();
    await recordAudit(db, { principal: undefined, projectId: null, action: 'ancient', clientAddress: null });
    await db.updateTable('audit_log').set({ at: ago(3650 * DAY) }).execute();
    await db.insertInto('sso_logins').values({ state_hash: 'gone', nonce: 'n', code_verifier: 'v', return_to: '/dashboard/', expires_at: ago(1) }).execute();

    const kept = await purgeAccountRecords(db, { lifetime, auditRetentionDays: 0 });
    expect(kept).toMatchObject({ ssoLogins: 1, audit: 0 });
    expect(await db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'ancient' }]);

    const purged = await purgeAccountRecords(db, { lifetime, auditRetentionDays: 365 });
    expect(purged).toEqual({ sessions: 0, links: 0, failures: 0, ssoLogins: 0, audit: 1 });
  });

  it('deletes old audit entries in batches', async () => {
    const db = t.database.db;
    await db.deleteFrom('audit_log').execute();
    for (let i = 0; i < 5; i++) await recordAudit(db, { principal: undefined, projectId: null, action: `old ${i}`, clientAddress: null });
    await recordAudit(db, { principal: undefined, projectId: null, action: 'new', clientAddress: null });
    await db.updateTable('audit_log').set({ at: ago(40 * DAY) }).where('action', 'like', 'old %').execute();
    expect(await purgeAuditLog(db, ago(30 * DAY), 2)).toBe(5);
    expect(await db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'new' }]);
  });
});

it('with FEEDLOOP_RETENTION_DAYS set, one run purges the old raw events and the account records', async () => {
  const other = await startTestApp({ FEEDLOOP_RETENTION_DAYS: '30' });
  try {
    const db = other.database.db;
    const project = await other.project('event retention');
    const [old] = await storeFeedback(db, project.projectId, [feedbackEvent({ comment: 'old' })]);
    const [fresh] = await storeFeedback(db, project.projectId, [feedbackEvent({ comment: 'fresh' })]);
    await db.updateTable('feedback').set({ received_at: ago(31 * DAY) }).where('id', '=', old!.id).execute();
    // Retention deletes only rows the aggregator has counted.
    await aggregated(db);
    await createLink(db, 'reset', {}, 'http://localhost');
    await db.updateTable('one_time_links').set({ used_at: new Date() }).execute();

    await other.app.runRetention();

    expect((await db.selectFrom('feedback').select('id').execute()).map((r) => r.id)).toEqual([fresh!.id]);
    expect(await db.selectFrom('one_time_links').select('kind').execute()).toEqual([]);
  } finally {
    await other.close();
  }
});

it('FEEDLOOP_AUDIT_RETENTION_DAYS: a year by default, 0 keeps the trail', () => {
  expect(loadConfig({}).auditRetentionDays).toBe(365);
  expect(loadConfig({ FEEDLOOP_AUDIT_RETENTION_DAYS: '0' }).auditRetentionDays).toBe(0);
  expect(() => loadConfig({ FEEDLOOP_AUDIT_RETENTION_DAYS: '-1' })).toThrow(/FEEDLOOP_AUDIT_RETENTION_DAYS/);
});
