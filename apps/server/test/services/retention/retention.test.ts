import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMail } from '../../../src/services/mail/outbox.js';
import { purgeRawEvents } from '../../../src/services/retention/retention.js';
import { exposureEvent, feedbackEvent, getFeatures, postEvents, startTestApp, type TestApp } from '../../support/app.js';
import { aggregated } from '../../support/verify.js';
import { storeFeedback } from '../../support/webhook-receiver.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('purges raw events received before the cutoff, in batches, and keeps the aggregates', async () => {
  const project = await t.project();
  const promptId = randomUUID();
  const promptEvents = (['prompt_shown', 'prompt_shown', 'prompt_dismissed', 'prompt_shown'] as const).map((type, i) => ({
    type, id: randomUUID(), timestamp: new Date().toISOString(), anonymousId: `anon-${i}`, promptId, feature: 'kept',
  }));
  const events = [...Array.from({ length: 7 }, () => feedbackEvent({ feature: 'kept' })), exposureEvent(), exposureEvent(), ...promptEvents];
  expect((await postEvents(t.app, project.publicKey, events)).json().accepted).toBe(13);
  await aggregated(t.database.db);

  const nothing = await purgeRawEvents(t.database.db, new Date(Date.now() - 60_000), 3);
  expect(nothing).toEqual({ feedback: 0, exposures: 0, promptEvents: 0, audit: 0, deliveries: 0 });

  const purged = await purgeRawEvents(t.database.db, new Date(Date.now() + 60_000), 3);
  expect(purged).toEqual({ feedback: 7, exposures: 2, promptEvents: 4, audit: 0, deliveries: 0 });
  const left = await t.database.db.selectFrom('feedback').select('id').execute();
  expect(left).toEqual([]);
  expect(await t.database.db.selectFrom('prompt_events').select('id').execute()).toEqual([]);

  const features = (await getFeatures(t.app, project.secretKey)).json().features;
  expect(features).toEqual([expect.objectContaining({ feature: 'kept', count: 7 })]);
});

describe('retention takes a feedback item whole', () => {
  const DAY = 86_400_000;
  const count = async (table: 'feedback' | 'feedback_audit' | 'webhook_deliveries' | 'webhook_attempts', projectId: string) =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('project_id', '=', projectId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const patch = (key: string, id: string, body: object) =>
    t.app.inject({ method: 'PATCH', url: `/v1/feedback/${id}`, headers: { authorization: `Bearer ${key}` }, payload: body });

  it('deletes the audit trail and the webhook deliveries of purged items with them, in batches, and nothing else', async () => {
    // The outbox stays as written: nothing is sent during this test.
    await t.app.webhookDispatcher.stop();
    const db = t.database.db;
    const a = await t.project('retention A');
    const b = await t.project('retention B');
    for (const p of [a, b]) {
      const hook = await t.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: { authorization: `Bearer ${p.adminToken}` },
        payload: { url: 'https://hooks.example.com/feedloop' },
      });
      expect(hook.statusCode, hook.body).toBe(201);
    }
    const old = await storeFeedback(db, a.projectId, Array.from({ length: 5 }, (_, i) => feedbackEvent({ comment: `old ${i}` })));
    const fresh = await storeFeedback(db, a.projectId, [feedbackEvent({ comment: 'fresh' })]);
    const otherProject = await storeFeedback(db, b.projectId, [feedbackEvent({ comment: 'project B' })]);
    const oldIds = old.map((r) => r.id);
    // Their feedback.created deliveries are written by the aggregator.
    await aggregated(db);
    // Received 40 days ago; triaged recently (audit rows and feedback.updated deliveries are new).
    await db.updateTable('feedback').set({ received_at: new Date(Date.now() - 40 * DAY) }).where('id', 'in', oldIds).execute();
    for (const id of [...oldIds.slice(0, 3), fresh[0]!.id]) {
      expect((await patch(a.secretKey, id, { status: 'planned', publicReply: 'Thanks!' })).statusCode).toBe(200);
      expect((await patch(a.secretKey, id, { status: 'done' })).statusCode).toBe(200);
    }
    expect((await patch(b.secretKey, otherProject[0]!.id, { status: 'declined' })).statusCode).toBe(200);
    // An attempt in the log of a purged item's delivery: it goes by cascade.
    const delivery = await db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('project_id', '=', a.projectId)
      .where(sql<boolean>`payload #>> '{data,feedback,id}' = ${oldIds[0]!}`)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('webhook_attempts')
      .values({ project_id: a.projectId, delivery_id: delivery.id, id: randomUUID(), at: new Date(), status_code: 503, error: 'HTTP 503', duration_ms: 5 })
      .execute();

    expect(await count('feedback_audit', a.projectId)).toBe(8);
    // 6 created + 8 updated.
    expect(await count('webhook_deliveries', a.projectId)).toBe(14);
    const beforeB = { audit: await count('feedback_audit', b.projectId), deliveries: await count('webhook_deliveries', b.projectId) };

    const result = await purgeRawEvents(db, new Date(Date.now() - 30 * DAY), 2);
    // 5 old items (3 batches of at most 2), 6 audit rows (2 per triaged old item), 5 created + 6 updated deliveries.
    expect(result).toEqual({ feedback: 5, exposures: 0, promptEvents: 0, audit: 6, deliveries: 11 });

    const left = await db.selectFrom('feedback').select('id').where('project_id', '=', a.projectId).execute();
    expect(left.map((r) => r.id)).toEqual([fresh[0]!.id]);
    const audit = await db.selectFrom('feedback_audit').select('feedback_id').where('project_id', '=', a.projectId).execute();
    expect(audit.map((r) => r.feedback_id)).toEqual([fresh[0]!.id, fresh[0]!.id]);
    const deliveries = await db
      .selectFrom('webhook_deliveries')
      .select(sql<string>`payload #>> '{data,feedback,id}'`.as('item'))
      .where('project_id', '=', a.projectId)
      .execute();
    expect(deliveries.map((d) => d.item)).toEqual([fresh[0]!.id, fresh[0]!.id, fresh[0]!.id]);
    expect(await count('webhook_attempts', a.projectId)).toBe(0);
    // Another project's items, trails and deliveries are untouched.
    expect(await count('feedback', b.projectId)).toBe(1);
    expect({ audit: await count('feedback_audit', b.projectId), deliveries: await count('webhook_deliveries', b.projectId) }).toEqual(beforeB);
    expect(beforeB).toEqual({ audit: 1, deliveries: 2 });

    // Nothing older is left: a second run finds nothing.
    expect(await purgeRawEvents(db, new Date(Date.now() - 30 * DAY), 2)).toEqual({ feedback: 0, exposures: 0, promptEvents: 0, audit: 0, deliveries: 0 });
  });

  it('deletes the mail about purged items (pending or logged, with its attempts): it holds the submitter’s address', async () => {
    const db = t.database.db;
    const p = await t.project('retention mail');
    const [old, fresh] = await storeFeedback(db, p.projectId, [feedbackEvent({ email: 'old@example.com' }), feedbackEvent({ email: 'fresh@example.com' })]);
    await db.updateTable('feedback').set({ received_at: new Date(Date.now() - 40 * DAY) }).where('id', '=', old!.id).execute();
    await aggregated(db);
    for (const item of [old!, fresh!]) {
      const id = await enqueueMail(db, p.projectId, { kind: 'submitter.update', recipient: item.email!, feedbackId: item.id, payload: { status: true } });
      await db.insertInto('mail_attempts').values({ project_id: p.projectId, mail_id: id, id: randomUUID(), smtp_code: 451, error: 'later', duration_ms: 3 }).execute();
    }
    await purgeRawEvents(db, new Date(Date.now() - 30 * DAY));
    const mails = await db.selectFrom('mail_outbox').select(['recipient']).where('project_id', '=', p.projectId).execute();
    expect(mails).toEqual([{ recipient: 'fresh@example.com' }]);
    const attempts = await db.selectFrom('mail_attempts').select('mail_id').where('project_id', '=', p.projectId).execute();
    expect(attempts).toHaveLength(1);
  });

  // PGlite has one connection: a second transaction cannot hold a row lock meanwhile.
  it.runIf(process.env.DATABASE_URL)('leaves an item whose row a triage change holds for the next run', async () => {
    const db = t.database.db;
    const p = await t.project('retention locked');
    const [row] = await storeFeedback(db, p.projectId, [feedbackEvent({ comment: 'busy' })]);
    await db.updateTable('feedback').set({ received_at: new Date(Date.now() - 40 * DAY) }).where('id', '=', row!.id).execute();
    await aggregated(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let lockTaken!: () => void;
    const taken = new Promise<void>((resolve) => (lockTaken = resolve));
    const triage = db.transaction().execute(async (trx) => {
      await trx.updateTable('feedback').set({ status: 'planned' }).where('project_id', '=', p.projectId).where('id', '=', row!.id).execute();
      lockTaken();
      await held;
    });
    await taken;
    try {
      expect((await purgeRawEvents(db, new Date(Date.now() - 30 * DAY))).feedback).toBe(0);
    } finally {
      release();
      await triage;
    }
    expect((await purgeRawEvents(db, new Date(Date.now() - 30 * DAY))).feedback).toBe(1);
  });
});
