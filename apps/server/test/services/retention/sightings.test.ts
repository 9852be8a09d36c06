import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { purgeRawEvents } from '../../../src/services/retention/retention.js';
import { purgeErasureReceipts, purgeFirstSightings } from '../../../src/services/retention/sightings.js';
import { aggregatePass } from '../../../src/services/rollups/aggregator.js';
import { verifyAggregates } from '../../../src/services/rollups/verify.js';
import { ACCOUNTS_ENV, createPerson, signIn } from '../../support/accounts.js';
import { exposureEvent, feedbackEvent, startTestApp, type TestApp, type TestProject } from '../../support/app.js';
import { send } from '../../support/query.js';
import { dumpSchema } from '../../support/schema-dump.js';

/*
 * Keep nothing forever: first sightings go once their raw events are gone (aggregates stay);
 * a user seen again counts as new; erasure receipts go after their period; client addresses are
 * stored truncated, and only where the issue allows.
 */

const DAY = 86_400_000;
const midnight = Math.floor(Date.now() / DAY) * DAY;
const at = (days: number, minutes = 0) => new Date(midnight - days * DAY + 12 * 3_600_000 + minutes * 60_000).toISOString();

let t: TestApp;
let p: TestProject;
beforeAll(async () => {
  t = await startTestApp({ ...ACCOUNTS_ENV, FEEDLOOP_AGGREGATOR: 'false', FEEDLOOP_EVENT_MAX_AGE_HOURS: String(60 * 24) });
  p = await t.project('Sightings');
});
afterAll(() => t.close());

const db = () => t.database.db;
async function aggregate(): Promise<void> {
  while ((await aggregatePass(db(), 10_000)).more);
}
const usersOn = async (day: string) =>
  (await sql<{ exposed: number; feedback: number }>`
    select coalesce(sum(exposed_users), 0)::int as exposed, coalesce(sum(feedback_users), 0)::int as feedback
    from variant_daily where project_id = ${p.projectId}::uuid and day = ${day}::date`.execute(db())).rows[0]!;

describe('first sightings retention', () => {
  it('deletes sightings whose raw events are gone, keeps the counts; a user seen again counts as new that day', async () => {
    await send(t.app, p.publicKey, [
      // Gone by retention: only old events.
      exposureEvent({ anonymousId: 'gone', timestamp: at(45), experiment: 'exp', variant: 'a' }),
      feedbackEvent({ anonymousId: 'gone', timestamp: at(45, 1), feature: 'f', experiments: { exp: 'a' } }),
      // Old first sighting, but a recent event left: kept.
      exposureEvent({ anonymousId: 'stays', timestamp: at(45), experiment: 'exp', variant: 'a' }),
      exposureEvent({ anonymousId: 'stays', timestamp: at(2), experiment: 'exp', variant: 'a' }),
    ]);
    await aggregate();
    await sql`update exposures set received_at = occurred_at where project_id = ${p.projectId}::uuid`.execute(db());
    await sql`update feedback set received_at = occurred_at where project_id = ${p.projectId}::uuid`.execute(db());
    const cutoff = new Date(midnight - 30 * DAY);
    const since = cutoff.toISOString().slice(0, 10);
    expect(await purgeRawEvents(db(), cutoff)).toMatchObject({ feedback: 1, exposures: 2 });
    const oldDay = at(45).slice(0, 10);
    expect(await usersOn(oldDay)).toEqual({ exposed: 2, feedback: 1 });

    const purged = await purgeFirstSightings(db(), cutoff, 1);
    // gone: exp/a exposed, exp/a f and any feature.
    expect(purged).toEqual({ exposedUsers: 1, feedbackUsers: 2 });
    expect(await purgeFirstSightings(db(), cutoff)).toEqual({ exposedUsers: 0, feedbackUsers: 0 });
    const left = await db().selectFrom('exposed_users').select('anonymous_id').where('project_id', '=', p.projectId).execute();
    expect(left).toEqual([{ anonymous_id: 'stays' }]);
    expect(await db().selectFrom('feedback_users').select('anonymous_id').where('project_id', '=', p.projectId).execute()).toEqual([]);
    // The aggregates survive: the old day still counts them.
    expect(await usersOn(oldDay)).toEqual({ exposed: 2, feedback: 1 });
    expect((await verifyAggregates(db(), { projectId: p.projectId, since })).differences).toEqual([]);

    // Seen again: a new user on that day, as the recount from the raw rows says.
    const today = at(0).slice(0, 10);
    const before = await usersOn(today);
    await send(t.app, p.publicKey, [exposureEvent({ anonymousId: 'gone', timestamp: at(0), experiment: 'exp', variant: 'a' })]);
    await aggregate();
    expect(await usersOn(today)).toEqual({ exposed: before.exposed + 1, feedback: before.feedback });
    expect((await verifyAggregates(db(), { projectId: p.projectId, since })).differences).toEqual([]);
  });

  it('is configurable: by default it follows the raw events’ retention, 0 keeps them', () => {
    expect(loadConfig({ FEEDLOOP_RETENTION_DAYS: '90' }).firstSightingRetentionDays).toBe(90);
    expect(loadConfig({ FEEDLOOP_RETENTION_DAYS: '90', FEEDLOOP_FIRST_SIGHTING_RETENTION_DAYS: '400' }).firstSightingRetentionDays).toBe(400);
    expect(loadConfig({}).firstSightingRetentionDays).toBe(0);
    expect(loadConfig({}).erasureReceiptDays).toBe(3 * 365);
    expect(loadConfig({}).webhookLogDays).toBe(30);
    expect(() => loadConfig({ FEEDLOOP_WEBHOOK_LOG_DAYS: '0' })).toThrow(/FEEDLOOP_WEBHOOK_LOG_DAYS/);
  });
});

describe('erasure receipts retention', () => {
  it('deletes receipts older than the period', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/v1/projects/${p.projectId}/privacy/erasures`,
      headers: { authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ userId: 'someone' }),
    });
    expect(response.statusCode).toBe(200);
    await sql`update privacy_erasures set at = now() - interval '4 years' where id = ${response.json().erasureId}::uuid`.execute(db());
    await t.app.inject({
      method: 'POST',
      url: `/v1/projects/${p.projectId}/privacy/erasures`,
      headers: { authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ userId: 'someone else' }),
    });
    expect(await purgeErasureReceipts(db(), new Date(Date.now() - 3 * 365 * DAY))).toBe(1);
    expect(await db().selectFrom('privacy_erasures').select('id').execute()).toHaveLength(1);
  });
});

describe('client addresses', () => {
  it('are stored only in sessions and the audit trail, truncated to their network', async () => {
    // Every column that could hold an address, by name.
    const columns = (await dumpSchema(db())).split('\n').filter((line) => /^\s+\S*(address|_ip\b|ip_)\S* /.test(line));
    expect(columns.map((c) => c.trim().split(' ')[0])).toEqual(['client_address', 'client_address']);
    const person = await createPerson(t, { roles: { [p.projectId]: 'admin' } });
    await signIn(t.app, person);
    const stored = [
      ...(await db().selectFrom('sessions').select('client_address').execute()),
      ...(await db().selectFrom('audit_log').select('client_address').execute()),
    ].map((r) => r.client_address);
    expect(stored.filter((a) => a !== null).length).toBeGreaterThan(0);
    for (const address of stored) if (address !== null) expect(address).toMatch(/^(\d+\.\d+\.\d+\.0\/24|[0-9a-f:]+::\/48)$/);
  });
});
