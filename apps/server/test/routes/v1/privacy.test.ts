import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_HEADER } from '@feedloop/protocol';
import { ROLLUP_COLUMNS } from '../../../src/db/rollup-columns.js';
import { purgeRawEvents } from '../../../src/services/retention/retention.js';
import { aggregatePass } from '../../../src/services/rollups/aggregator.js';
import { verifyAggregates } from '../../../src/services/rollups/verify.js';
import { createToken } from '../../../src/services/tokens/tokens.js';
import { createWebhook } from '../../../src/services/webhooks/webhooks.js';
import { ACCOUNTS_ENV, OWN_ORIGIN, cookieHeader, createPerson, signIn } from '../../support/accounts.js';
import { exposureEvent, feedbackEvent, postEvents, startTestApp, type TestApp, type TestProject } from '../../support/app.js';
import { send } from '../../support/query.js';
import { XSS_PAYLOADS } from '../../support/xss.js';

/*
 * Erasure and access requests (issue 14). The aggregator does not run on its own here: the
 * tests run its passes (the real routine) where they choose, so that rows are counted or not
 * when an erasure comes, and after it every aggregate must equal its recount from what stays.
 */

let t: TestApp;
let a: TestProject;
let b: TestProject;
const DAY = 86_400_000;
const midnight = Math.floor(Date.now() / DAY) * DAY;
const at = (days: number, minutes = 0) => new Date(midnight - days * DAY + 12 * 3_600_000 + minutes * 60_000).toISOString();

beforeAll(async () => {
  t = await startTestApp({
    ...ACCOUNTS_ENV,
    FEEDLOOP_AGGREGATOR: 'false',
    FEEDLOOP_EVENT_MAX_AGE_HOURS: String(60 * 24),
    FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'true',
  });
  a = await t.project('A');
  b = await t.project('B');
});
afterAll(() => t.close());

const db = () => t.database.db;

/** Every row past the watermark into the aggregates (the aggregator's passes). */
async function aggregate(): Promise<void> {
  for (;;) {
    const pass = await aggregatePass(db(), 10_000);
    if (!pass.more) return;
  }
}

async function expectVerified(options: Parameters<typeof verifyAggregates>[1] = {}): Promise<void> {
  const result = await verifyAggregates(db(), options);
  expect(result.differences).toEqual([]);
  expect(result.ok).toBe(true);
}

/** What the aggregates of a project add up to. */
async function totals(projectId: string) {
  const histogram = sql.join(ROLLUP_COLUMNS.map((c) => sql.ref(c)), sql` + `);
  const { rows } = await sql<Record<string, number>>`
    select
      (select coalesce(sum(count), 0) from feature_daily where project_id = ${projectId}::uuid)::int as feedback,
      (select coalesce(sum(comments), 0) from feature_daily where project_id = ${projectId}::uuid)::int as comments,
      (select coalesce(sum(${histogram}), 0) from feature_daily where project_id = ${projectId}::uuid)::int as histogram,
      (select coalesce(sum(count), 0) from variant_feature_daily where project_id = ${projectId}::uuid)::int as "variantFeedback",
      (select coalesce(sum(feedback_users), 0) from variant_feature_daily where project_id = ${projectId}::uuid)::int as "featureUsers",
      (select coalesce(sum(exposures), 0) from variant_daily where project_id = ${projectId}::uuid)::int as exposures,
      (select coalesce(sum(exposed_users), 0) from variant_daily where project_id = ${projectId}::uuid)::int as "exposedUsers",
      (select coalesce(sum(feedback_users), 0) from variant_daily where project_id = ${projectId}::uuid)::int as "feedbackUsers"`.execute(db());
  return rows[0]!;
}

const admin = (project: TestProject) => ({ authorization: `Bearer ${project.adminToken}` });

function erase(project: TestProject, body: unknown, headers: Record<string, string> = admin(project), projectId = project.projectId) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/projects/${projectId}/privacy/erasures`,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

function exportOf(project: TestProject, query: string, headers: Record<string, string> = admin(project)) {
  return t.app.inject({ method: 'GET', url: `/v1/projects/${project.projectId}/privacy/export?${query}`, headers });
}

async function rawCount(projectId: string, where: ReturnType<typeof sql>) {
  const { rows } = await sql<{ n: number }>`
    select ((select count(*) from feedback where project_id = ${projectId}::uuid and ${where})
      + (select count(*) from exposures where project_id = ${projectId}::uuid and ${where}))::int as n`.execute(db());
  return rows[0]!.n;
}

describe('erasure', () => {
  it('refuses a request naming nobody (400 identifier_required)', async () => {
    for (const body of [{}, { userId: undefined }]) {
      const response = await erase(a, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('identifier_required');
    }
    const bad = await erase(a, { userId: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_body');
    const exported = await exportOf(a, '');
    expect(exported.statusCode).toBe(400);
    expect(exported.json().code).toBe('identifier_required');
  });

  it('of an unknown person: 200, zero counts, a receipt without the identifier', async () => {
    const response = await erase(a, { userId: 'nobody-known', email: 'nobody@example.com' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.values(body.counts).every((n) => n === 0)).toBe(true);
    expect(Object.keys(body.counts).sort()).toEqual(
      ['exposures', 'feedback', 'firstSightings', 'firstSightingsMoved', 'replies', 'submitterUpdates', 'triageChanges', 'unaggregated', 'webhookDeliveries', 'mails', 'promptEvents', 'alerts'].sort(),
    );
    const receipt = await db().selectFrom('privacy_erasures').selectAll().where('id', '=', body.erasureId).executeTakeFirstOrThrow();
    expect(receipt.actor_label).toMatch(/^token test admin \(flt_/);
    expect(receipt.actor_type).toBe('token');
    expect(receipt.identifier_hashes).toHaveLength(2);
    expect(receipt.identifier_hashes[0]).toMatch(/^userId:[0-9a-f]{64}$/);
    expect(receipt.identifier_hashes[1]).toMatch(/^email:[0-9a-f]{64}$/);
    expect(JSON.stringify(receipt)).not.toMatch(/nobody/);
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'privacy.erased').where('target_id', '=', body.erasureId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ identifiers: ['email', 'userId'] });
    expect(JSON.stringify(audit)).not.toMatch(/nobody/);
    // The same identifier hashes the same (the salt is the instance's): a later request can be matched to it.
    const again = (await erase(a, { email: 'NOBODY@example.com' })).json();
    const second = await db().selectFrom('privacy_erasures').select('identifier_hashes').where('id', '=', again.erasureId).executeTakeFirstOrThrow();
    expect(second.identifier_hashes).toEqual([receipt.identifier_hashes[1]]);
  });

  it('of a person with events in every table: everything goes, the aggregates drop by exactly that, twice is a no-op', async () => {
    const hook = await createWebhook(db(), a.projectId, { url: 'http://127.0.0.1:9/hook', events: ['feedback.created', 'feedback.updated'] }, { allowPrivate: true });
    expect(hook.id).toBeTruthy();
    const alice = { userId: 'alice', anonymousId: 'anon-alice' };
    await send(t.app, a.publicKey, [
      exposureEvent({ ...alice, timestamp: at(3), experiment: 'exp', variant: 'a' }),
      exposureEvent({ anonymousId: 'anon-alice', timestamp: at(1), experiment: 'exp', variant: 'a' }),
      feedbackEvent({ ...alice, id: FIRST, timestamp: at(3, 5), feature: 'checkout', rating: { scale: 'stars', value: 4 }, comment: 'slow <b>checkout</b>', email: 'Alice@Example.com', experiments: { exp: 'a' } }),
      feedbackEvent({ anonymousId: 'anon-alice', timestamp: at(1, 5), feature: 'checkout', rating: { scale: 'thumbs', value: 1 }, experiments: { exp: 'a' } }),
      // Another browser of hers, known only by the email she typed.
      feedbackEvent({ anonymousId: 'anon-alice-laptop', timestamp: at(1, 10), feature: 'search', rating: undefined, comment: 'broken', category: 'bug', email: 'ALICE@example.com', experiments: { exp: 'b' } }),
      // A shared browser: her event first, then someone else's; the sighting moves to theirs.
      feedbackEvent({ userId: 'alice', anonymousId: 'anon-shared', timestamp: at(3, 20), feature: 'checkout', experiments: { exp: 'a' } }),
      feedbackEvent({ anonymousId: 'anon-shared', timestamp: at(1, 20), feature: 'checkout', experiments: { exp: 'a' } }),
      // Bob, in the same buckets.
      exposureEvent({ anonymousId: 'anon-bob', timestamp: at(3), experiment: 'exp', variant: 'a' }),
      exposureEvent({ anonymousId: 'anon-bob', timestamp: at(1), experiment: 'exp', variant: 'b' }),
      feedbackEvent({ anonymousId: 'anon-bob', timestamp: at(3, 1), feature: 'checkout', rating: { scale: 'stars', value: 5 }, comment: 'fine', experiments: { exp: 'a' } }),
      feedbackEvent({ anonymousId: 'anon-bob', timestamp: at(1, 1), feature: 'checkout', rating: { scale: 'thumbs', value: 0 }, experiments: { exp: 'a' } }),
      // A prompt shown to her and dismissed; shown to Bob.
      { type: 'prompt_shown', id: randomUUID(), timestamp: at(1, 2), anonymousId: 'anon-alice', userId: 'alice', promptId: PROMPT, feature: 'checkout', experiments: { exp: 'a' } },
      { type: 'prompt_dismissed', id: randomUUID(), timestamp: at(1, 3), anonymousId: 'anon-alice', promptId: PROMPT, feature: 'checkout' },
      { type: 'prompt_shown', id: randomUUID(), timestamp: at(1, 2), anonymousId: 'anon-bob', promptId: PROMPT, feature: 'checkout' },
    ]);
    await aggregate();
    // Triage: a public reply (a submitter update) and the item's history.
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/feedback/${FIRST}`,
      headers: { ...admin(a), 'content-type': 'application/json' },
      payload: JSON.stringify({ status: 'planned', publicReply: 'Thanks Alice, fixing it' }),
    });
    expect(patched.statusCode).toBe(200);
    // Not counted yet when the erasure comes.
    await send(t.app, a.publicKey, [
      feedbackEvent({ anonymousId: 'anon-alice', timestamp: at(0), feature: 'checkout', comment: 'again' }),
      exposureEvent({ anonymousId: 'anon-alice', timestamp: at(0), experiment: 'exp', variant: 'a' }),
    ]);
    await expectVerified({ projectId: a.projectId });
    const before = await totals(a.projectId);
    const exported = (await exportOf(a, 'userId=alice&anonymousId=anon-alice&email=alice%40example.com')).json();
    expect(exported.feedback).toHaveLength(5);
    expect(exported.exposures).toHaveLength(3);
    expect(exported.promptEvents.map((p: { type: string }) => p.type)).toEqual(['prompt_shown', 'prompt_dismissed']);
    expect(exported.submitterUpdates).toEqual([expect.objectContaining({ feedbackId: FIRST, publicReply: 'Thanks Alice, fixing it' })]);
    expect(exported.triageHistory.length).toBeGreaterThan(0);
    expect(exported.webhookDeliveries.length).toBe(5);
    expect(exported.linkedIdentifiers).toEqual({
      userIds: ['alice'],
      anonymousIds: ['anon-alice', 'anon-alice-laptop', 'anon-shared'],
      emails: ['ALICE@example.com', 'Alice@Example.com'],
    });
    const historyRows = exported.triageHistory.length;

    const response = await erase(a, { userId: 'alice', anonymousId: 'anon-alice', email: 'alice@example.com' });
    expect(response.statusCode).toBe(200);
    expect(response.json().counts).toEqual({
      feedback: 5,
      exposures: 3,
      unaggregated: 2,
      // anon-alice: exp/a exposed, exp/a checkout and any feature; the laptop: exp/b search and any feature.
      firstSightings: 5,
      // anon-shared: exp/a checkout and any feature, from her event to the other person's.
      firstSightingsMoved: 2,
      triageChanges: historyRows,
      replies: 1,
      submitterUpdates: 1,
      // feedback.created of her four counted items, feedback.updated of the reply.
      webhookDeliveries: 5,
      mails: 0,
      promptEvents: 2,
      alerts: 0,
    });

    const after = await totals(a.projectId);
    expect(after).toEqual({
      feedback: before.feedback - 4,
      comments: before.comments - 2,
      // Stars 4, thumbs 1, category bug (the shared event has a thumbs rating by default).
      histogram: before.histogram - 4,
      variantFeedback: before.variantFeedback - 4,
      featureUsers: before.featureUsers - 2,
      exposures: before.exposures - 2,
      exposedUsers: before.exposedUsers - 1,
      feedbackUsers: before.feedbackUsers - 2,
    });
    await expectVerified({ projectId: a.projectId });
    await aggregate();
    await expectVerified();
    expect(await totals(a.projectId)).toEqual(after);
    // Nothing of hers is left; bob and the shared browser's other user are.
    expect(await rawCount(a.projectId, sql`(user_id = 'alice' or anonymous_id in ('anon-alice', 'anon-alice-laptop'))`)).toBe(0);
    expect(await rawCount(a.projectId, sql`anonymous_id in ('anon-bob', 'anon-shared')`)).toBe(5);
    const { rows: sightings } = await sql<{ first_at: Date }>`
      select first_at from feedback_users where project_id = ${a.projectId}::uuid and anonymous_id = 'anon-shared'`.execute(db());
    expect(sightings.map((s) => new Date(s.first_at).toISOString())).toEqual([at(1, 20), at(1, 20)]);
    const emptied = (await exportOf(a, 'userId=alice&anonymousId=anon-alice&email=alice%40example.com')).json();
    expect({ ...emptied, generatedAt: null }).toMatchObject({
      feedback: [],
      exposures: [],
      firstSightings: { exposures: [], feedback: [] },
      triageHistory: [],
      submitterUpdates: [],
      webhookDeliveries: [],
      promptEvents: [],
      mails: [],
      linkedIdentifiers: { userIds: [], anonymousIds: [], emails: [] },
    });
    const left = await db()
      .selectFrom('webhook_deliveries')
      .select(sql<string>`payload::text`.as('payload'))
      .where('project_id', '=', a.projectId)
      .execute();
    expect(left.map((d) => d.payload).join('\n')).not.toMatch(/alice/i);

    // Twice in a row: nothing more, the aggregates unchanged.
    const twice = await erase(a, { userId: 'alice', anonymousId: 'anon-alice', email: 'alice@example.com' });
    expect(twice.statusCode).toBe(200);
    expect(Object.values(twice.json().counts).every((n) => n === 0)).toBe(true);
    expect(await totals(a.projectId)).toEqual(after);
    await expectVerified();
  });

  it('of a person whose older events retention deleted: their first sightings there go too, what remains verifies', async () => {
    const c = await t.project('C');
    await send(t.app, c.publicKey, [
      exposureEvent({ anonymousId: 'anon-old', timestamp: at(40), experiment: 'exp', variant: 'a' }),
      feedbackEvent({ anonymousId: 'anon-old', timestamp: at(40, 1), feature: 'f', experiments: { exp: 'a' } }),
      exposureEvent({ anonymousId: 'anon-old', timestamp: at(2), experiment: 'exp', variant: 'a' }),
      feedbackEvent({ anonymousId: 'anon-old', timestamp: at(2, 1), feature: 'f', comment: 'recent', experiments: { exp: 'a' } }),
      exposureEvent({ anonymousId: 'anon-other', timestamp: at(40), experiment: 'exp', variant: 'a' }),
      feedbackEvent({ anonymousId: 'anon-other', timestamp: at(2, 2), feature: 'f', experiments: { exp: 'a' } }),
    ]);
    await aggregate();
    // As if received when they happened; then retention deletes the month-old raw rows.
    await sql`update feedback set received_at = occurred_at where project_id = ${c.projectId}::uuid`.execute(db());
    await sql`update exposures set received_at = occurred_at where project_id = ${c.projectId}::uuid`.execute(db());
    const purged = await purgeRawEvents(db(), new Date(midnight - 30 * DAY));
    expect(purged).toMatchObject({ feedback: 1, exposures: 2 });
    const since = new Date(midnight - 30 * DAY).toISOString().slice(0, 10);
    const oldDay = at(40).slice(0, 10);
    await expectVerified({ projectId: c.projectId, since });
    const oldUsers = async () =>
      (await sql<{ exposed: number; feedback: number }>`
        select coalesce(sum(exposed_users), 0)::int as exposed, coalesce(sum(feedback_users), 0)::int as feedback
        from variant_daily where project_id = ${c.projectId}::uuid and day = ${oldDay}::date`.execute(db())).rows[0]!;
    expect(await oldUsers()).toEqual({ exposed: 2, feedback: 1 });
    const oldCount = await sql<{ n: number }>`select count::int as n from feature_daily where project_id = ${c.projectId}::uuid and day = ${oldDay}::date`.execute(db());

    const response = await erase(c, { anonymousId: 'anon-old' });
    expect(response.json().counts).toMatchObject({ feedback: 1, exposures: 1, unaggregated: 0, firstSightings: 3, firstSightingsMoved: 0 });
    // Her first sightings a month ago are gone with their counts; the month-old event counts stay
    // (their raw rows are gone: nothing says which were hers).
    expect(await oldUsers()).toEqual({ exposed: 1, feedback: 0 });
    const stillCounted = await sql<{ n: number }>`select count::int as n from feature_daily where project_id = ${c.projectId}::uuid and day = ${oldDay}::date`.execute(db());
    expect(stillCounted.rows).toEqual(oldCount.rows);
    await expectVerified({ projectId: c.projectId, since });
    expect(await db().selectFrom('exposed_users').select('anonymous_id').where('project_id', '=', c.projectId).execute()).toEqual([
      { anonymous_id: 'anon-other' },
    ]);
  });

  it('concurrently with ingest of the person’s new events: what was stored before the moment goes, what came after stays', async () => {
    const d = await t.project('D');
    const batches: { ids: string[]; sentAt: number; ackedAt: number }[] = [];
    let stop = false;
    let passes = 0;
    const aggregator = (async () => {
      while (!stop) {
        await aggregatePass(db(), 7);
        passes++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const ingest = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const events = [
          feedbackEvent({ userId: 'dora', anonymousId: 'anon-dora', feature: 'f', experiments: { exp: 'a' } }),
          exposureEvent({ userId: 'dora', anonymousId: 'anon-dora', experiment: 'exp', variant: 'a' }),
          feedbackEvent({ anonymousId: 'anon-eve', feature: 'f', experiments: { exp: 'a' } }),
        ];
        const sentAt = Date.now();
        const response = await postEvents(t.app, d.publicKey, events);
        expect(response.json().accepted).toBe(3);
        batches.push({ ids: events.map((e) => e.id as string), sentAt, ackedAt: Date.now() });
      }
    };
    await ingest(4);
    const during = ingest(12);
    await new Promise((resolve) => setTimeout(resolve, 15));
    const response = await erase(d, { userId: 'dora', anonymousId: 'anon-dora' });
    const erasedAt = Date.now();
    await during;
    await ingest(3);
    stop = true;
    await aggregator;
    await aggregate();
    expect(passes).toBeGreaterThan(0);
    expect(response.statusCode).toBe(200);
    const moment = new Date(response.json().at).getTime();

    const stored = new Set(
      [
        ...(await db().selectFrom('feedback').select('id').where('project_id', '=', d.projectId).execute()),
        ...(await db().selectFrom('exposures').select('id').where('project_id', '=', d.projectId).execute()),
      ].map((r) => r.id),
    );
    let erased = 0;
    for (const batch of batches) {
      const [doraFeedback, doraExposure, eve] = batch.ids as [string, string, string];
      expect(stored.has(eve)).toBe(true);
      // Both of hers were written by the same flush: gone together or kept together.
      expect(stored.has(doraFeedback)).toBe(stored.has(doraExposure));
      if (batch.ackedAt < moment) expect(stored.has(doraFeedback), 'acknowledged before the moment').toBe(false);
      if (batch.sentAt > erasedAt) expect(stored.has(doraFeedback), 'sent after the erasure answered').toBe(true);
      if (!stored.has(doraFeedback)) erased++;
    }
    expect(erased).toBeGreaterThanOrEqual(4);
    expect(response.json().counts).toMatchObject({ feedback: erased, exposures: erased });
    await expectVerified({ projectId: d.projectId });
  });

  it('while the aggregator’s parts stand at different watermarks: each row is subtracted only if its own part counted it', async () => {
    await aggregate();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from feedloop_aggregator_parts`.execute(db());
    const parts = rows[0]!.n;
    expect(parts).toBeGreaterThan(1);
    const partOf = async (id: string) =>
      (await sql<{ p: number }>`select mod(hashtext(${id}) & 2147483647, ${parts})::int as p`.execute(db())).rows[0]!.p;
    // One of her browsers in an even part, one in an odd part; worker 0 of 2 passes the even parts only.
    const browsers: Record<'even' | 'odd', string | undefined> = { even: undefined, odd: undefined };
    for (let i = 0; !browsers.even || !browsers.odd; i++) {
      const id = `anon-carol-${i}`;
      browsers[(await partOf(id)) % 2 === 0 ? 'even' : 'odd'] ??= id;
    }
    await send(t.app, a.publicKey, [
      feedbackEvent({ userId: 'carol', anonymousId: browsers.even!, timestamp: at(2), feature: 'parts', rating: { scale: 'stars', value: 2 } }),
      feedbackEvent({ userId: 'carol', anonymousId: browsers.odd!, timestamp: at(2), feature: 'parts', rating: { scale: 'stars', value: 3 } }),
      feedbackEvent({ anonymousId: 'anon-dave', timestamp: at(2), feature: 'parts', rating: { scale: 'stars', value: 5 } }),
    ]);
    await aggregatePass(db(), 10_000, 0, 2);
    const marks = await sql<{ last_seq: number }>`select last_seq from feedloop_aggregator_parts order by part`.execute(db());
    expect(new Set(marks.rows.map((m) => Number(m.last_seq))).size).toBeGreaterThan(1);
    await expectVerified({ projectId: a.projectId });
    const before = await totals(a.projectId);

    const response = await erase(a, { userId: 'carol' });
    expect(response.json().counts).toMatchObject({ feedback: 2, unaggregated: 1 });
    // Only the counted one (the even part's) leaves the aggregates.
    expect((await totals(a.projectId)).feedback).toBe(before.feedback - 1);
    await expectVerified({ projectId: a.projectId });
    await aggregate();
    await expectVerified({ projectId: a.projectId });
    expect(await rawCount(a.projectId, sql`user_id = 'carol'`)).toBe(0);
  });
});

describe('who may erase and export', () => {
  it('viewers and members may not (403); admins may; a project admin cannot reach another project (404)', async () => {
    const viewer = await createPerson(t, { roles: { [a.projectId]: 'viewer' } });
    const member = await createPerson(t, { roles: { [a.projectId]: 'member' } });
    const adminOfA = await createPerson(t, { roles: { [a.projectId]: 'admin' } });
    for (const person of [viewer, member]) {
      const cookie = await signIn(t.app, person);
      const headers = { cookie: cookieHeader(cookie), origin: OWN_ORIGIN };
      const erased = await erase(a, { userId: 'someone' }, headers);
      expect(erased.statusCode).toBe(403);
      expect(erased.json().code).toBe('forbidden');
      const exported = await exportOf(a, 'userId=someone', headers);
      expect(exported.statusCode).toBe(403);
    }
    // The secret key reads, exports and triages, but is no admin.
    expect((await erase(a, { userId: 'someone' }, { authorization: `Bearer ${a.secretKey}` })).statusCode).toBe(403);
    const adminCookie = await signIn(t.app, adminOfA);
    const asAdmin = { cookie: cookieHeader(adminCookie), origin: OWN_ORIGIN };
    expect((await erase(a, { userId: 'someone' }, asAdmin)).statusCode).toBe(200);
    const receipt = await db().selectFrom('privacy_erasures').select(['actor_type', 'actor_id']).orderBy('at', 'desc').executeTakeFirstOrThrow();
    expect(receipt).toEqual({ actor_type: 'user', actor_id: adminOfA.userId });
    // A's admin naming B: as if B did not exist.
    const inB = await erase(b, { userId: 'someone' }, asAdmin, b.projectId);
    expect(inB.statusCode).toBe(404);
    const inBExport = await t.app.inject({ method: 'GET', url: `/v1/projects/${b.projectId}/privacy/export?userId=x`, headers: asAdmin });
    expect(inBExport.statusCode).toBe(404);
    // A's token with B's id in the path: the same.
    expect((await erase(a, { userId: 'someone' }, admin(a), b.projectId)).statusCode).toBe(404);
    // With an admin token of A only.
    const { token } = await createToken(db(), a.projectId, { name: 'admin only', scopes: ['admin'] }, null);
    expect((await erase(a, { userId: 'someone' }, { authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });

  it("another project's person: nothing happens in either project", async () => {
    await send(t.app, b.publicKey, [feedbackEvent({ userId: 'frank', anonymousId: 'anon-frank', comment: 'in B' })]);
    await send(t.app, a.publicKey, [feedbackEvent({ userId: 'frank', anonymousId: 'anon-frank-a', comment: 'in A' })]);
    await aggregate();
    const beforeA = await totals(a.projectId);
    const beforeB = await totals(b.projectId);
    // B's admin erases "frank" in B: A's frank (another project's person) stays.
    const response = await erase(b, { userId: 'frank' });
    expect(response.json().counts).toMatchObject({ feedback: 1 });
    expect(await totals(a.projectId)).toEqual(beforeA);
    expect(await rawCount(a.projectId, sql`user_id = 'frank'`)).toBe(1);
    expect((await totals(b.projectId)).feedback).toBe(beforeB.feedback - 1);
    // A person of B unknown in A: zero in A.
    const none = await erase(a, { anonymousId: 'anon-frank' });
    expect(Object.values(none.json().counts).every((n) => n === 0)).toBe(true);
    await expectVerified({ projectId: a.projectId });
    await expectVerified({ projectId: b.projectId });
  });
});

describe('export', () => {
  it('hostile text stays valid JSON, byte for byte what was stored, sent as an attachment', async () => {
    const events = XSS_PAYLOADS.map((payload, i) =>
      feedbackEvent({
        userId: 'mallory',
        anonymousId: `anon-mallory-${i % 3}`,
        comment: payload,
        url: `https://app.example.com/p?q=${encodeURIComponent(payload)}`,
        metadata: { [`k${i}`]: payload, plan: '</script><script>alert(1)</script>' },
      }),
    );
    await send(t.app, a.publicKey, events);
    const response = await exportOf(a, 'userId=mallory');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="privacy-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const document = JSON.parse(response.body);
    expect(document.format).toBe('feedloop.privacy-export.v1');
    expect(document.subject).toEqual({ userId: 'mallory' });
    expect(document.feedback.map((f: { comment: string }) => f.comment).sort()).toEqual([...XSS_PAYLOADS].sort());
    expect(document.linkedIdentifiers.anonymousIds).toEqual(['anon-mallory-0', 'anon-mallory-1', 'anon-mallory-2']);
    // Counted or not yet, the export has every event (nothing here waited for the aggregator).
    await aggregate();
    const again = (await exportOf(a, 'userId=mallory')).json();
    expect(again.feedback).toHaveLength(XSS_PAYLOADS.length);
    const audit = await db().selectFrom('audit_log').select('changes').where('action', '=', 'privacy.exported').execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toMatch(/mallory/);
  });
});

describe('GET /v1/feedback by person', () => {
  it('filters by userId, anonymousId and email (any case); viewers may not filter by email', async () => {
    await send(t.app, a.publicKey, [
      feedbackEvent({ userId: 'grace', anonymousId: 'anon-grace', email: 'Grace@Example.com', comment: 'one' }),
      feedbackEvent({ anonymousId: 'anon-grace', comment: 'two' }),
      feedbackEvent({ userId: 'heidi', anonymousId: 'anon-heidi', email: 'heidi@example.com', comment: 'three' }),
    ]);
    const list = async (query: string, headers: Record<string, string> = { authorization: `Bearer ${a.secretKey}` }) =>
      t.app.inject({ method: 'GET', url: `/v1/feedback?${query}`, headers });
    const comments = async (query: string) => (await list(query)).json().feedback.map((f: { comment: string }) => f.comment).sort();
    expect(await comments('userId=grace')).toEqual(['one']);
    expect(await comments('anonymousId=anon-grace')).toEqual(['one', 'two']);
    expect(await comments('email=grace%40example.COM')).toEqual(['one']);
    expect(await comments('email=nobody%40example.com')).toEqual([]);
    const csv = await list('format=csv&userId=heidi');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\n')).toHaveLength(2);

    const viewer = await createPerson(t, { roles: { [a.projectId]: 'viewer' } });
    const headers = { cookie: cookieHeader(await signIn(t.app, viewer)), [PROJECT_HEADER]: a.projectId };
    const byEmail = await list('email=grace%40example.com', headers);
    expect(byEmail.statusCode).toBe(403);
    expect(byEmail.json().code).toBe('forbidden');
    const byUser = await list('userId=grace', headers);
    expect(byUser.statusCode).toBe(200);
    expect(byUser.json().feedback).toHaveLength(1);
    expect(byUser.json().feedback[0].email).toBeNull();
    const member = await createPerson(t, { roles: { [a.projectId]: 'member' } });
    const asMember = await list('email=grace%40example.com', { cookie: cookieHeader(await signIn(t.app, member)), [PROJECT_HEADER]: a.projectId });
    expect(asMember.json().feedback.map((f: { email: string }) => f.email)).toEqual(['Grace@Example.com']);
  });
});

const FIRST = '6f1d2c3b-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
/** A prompt's id: prompt events need not name a prompt that exists (the widget reports what it showed). */
const PROMPT = '7d4c1c1e-5a0b-4a49-9c55-0f4f2b9a6a10';
