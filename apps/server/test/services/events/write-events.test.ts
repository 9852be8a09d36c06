import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { toRows } from '../../../src/services/events/to-rows.js';
import { validateEvent } from '../../../src/services/events/validate-event.js';
import { eventKey, writeEvents } from '../../../src/services/events/write-events.js';
import { FEEDBACK_ITEM_COLUMNS } from '../../../src/db/feedback-item.js';
import { toLoopFeedback } from '../../../src/services/feedback/item.js';
import { exposureEvent, feedbackEvent, startTestApp, type TestApp } from '../../support/app.js';
import { aggregated, expectAggregatesConsistent } from '../../support/verify.js';

let t: TestApp;
let project: CreatedProject;

beforeAll(async () => {
  t = await startTestApp();
  project = await t.project('Write path');
});
afterAll(() => t.close());

function rowsOf(events: unknown[]) {
  const now = Date.now();
  const valid = events.map((e) => {
    const result = validateEvent(e, now, { maxPastMs: 86_400_000 * 30, maxFutureMs: 86_400_000 });
    if (!result.ok) throw new Error(result.error.message);
    return result.event;
  });
  return toRows(project.projectId, valid, new Date(now));
}

describe('writeEvents (feedloop_ingest) and the aggregator', () => {
  it('stores the first occurrence of an id repeated in a batch, and reports only what it inserted', async () => {
    const id = randomUUID();
    const first = feedbackEvent({ id, comment: 'first' });
    const again = feedbackEvent({ id, comment: 'second' });
    const exposure = exposureEvent({ experiment: 'write-path', variant: 'a' });
    const result = await writeEvents(t.database.db, rowsOf([first, again, exposure]));
    expect([...result.inserted].sort()).toEqual([eventKey(project.projectId, id), eventKey(project.projectId, exposure.id)].sort());
    const stored = await t.database.db.selectFrom('feedback').select('comment').where('id', '=', id).execute();
    expect(stored).toEqual([{ comment: 'first' }]);
    // Retried: nothing new, nothing counted twice.
    expect((await writeEvents(t.database.db, rowsOf([first, exposure]))).inserted.size).toBe(0);
    await expectAggregatesConsistent(t);
  });

  it('writes the feedback.created payload exactly as toLoopFeedback() shows the stored row', async () => {
    const webhookId = randomUUID();
    // An inactive webhook gets nothing; an active one gets one delivery per new item.
    await t.database.db
      .insertInto('webhooks')
      .values([
        { project_id: project.projectId, id: webhookId, url: 'http://192.0.2.1/never', events: ['feedback.created'], format: 'json', secret: 'whsec_x', description: null },
        { project_id: project.projectId, id: randomUUID(), url: 'http://192.0.2.1/off', events: ['feedback.created'], format: 'json', secret: 'whsec_y', description: null, active: false },
      ])
      .execute();
    const events = [
      feedbackEvent({
        comment: '=HYPERLINK("x") <script>alert(1)</script> "quotes" \\ back\nline 🎉',
        email: 'ada@example.com',
        category: 'bug',
        rating: { scale: 'nps', value: 0 },
        experiments: { onboarding: 'b', 'pricing-2026': 'cheap' },
        metadata: { plan: 'pro', seats: 3, trial: false },
        userId: 'user-1',
        sessionId: 'sess-1',
        url: 'https://app.example.com/checkout?x=1',
        context: { appVersion: '2.1.0', locale: 'de-DE' },
      }),
      feedbackEvent({ rating: undefined, comment: 'no rating' }),
    ];
    const { inserted } = await writeEvents(t.database.db, rowsOf(events));
    expect(inserted.size).toBe(2);
    await aggregated(t.database.db);
    const deliveries = await t.database.db
      .selectFrom('webhook_deliveries')
      .select(['webhook_id', 'event', 'event_id', 'payload'])
      .where('project_id', '=', project.projectId)
      .execute();
    expect(deliveries.map((d) => d.webhook_id)).toEqual([webhookId, webhookId]);
    for (const event of events) {
      const delivery = deliveries.find((d) => (d.payload as { data: { feedback: { id: string } } }).data.feedback.id === event.id)!;
      const row = await t.database.db.selectFrom('feedback').select(FEEDBACK_ITEM_COLUMNS).where('id', '=', event.id).executeTakeFirstOrThrow();
      const payload = delivery.payload as Record<string, unknown>;
      expect(payload).toEqual({
        id: delivery.event_id,
        type: 'feedback.created',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        projectId: project.projectId,
        data: { feedback: toLoopFeedback(row) },
      });
    }
  });

  it('keeps the books of many concurrent writers sharing users, features and days', async () => {
    const users = ['u1', 'u2', 'u3'];
    const at = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const batches = Array.from({ length: 12 }, (_, i) =>
      rowsOf(
        Array.from({ length: 10 }, (_, j) =>
          (i + j) % 3 === 0
            ? exposureEvent({ experiment: 'busy', variant: j % 2 ? 'a' : 'b', anonymousId: users[j % 3], timestamp: at((i * 7 + j) % 50) })
            : feedbackEvent({
                feature: `f${j % 2}`,
                anonymousId: users[(i + j) % 3],
                experiments: { busy: j % 2 ? 'a' : 'b' },
                timestamp: at((i * 5 + j * 3) % 60),
                rating: { scale: 'stars', value: 1 + (j % 5) },
              }),
        ),
      ),
    );
    const results = await Promise.all(batches.map((rows) => writeEvents(t.database.db, rows)));
    expect(results.reduce((n, r) => n + r.inserted.size, 0)).toBe(120);
    await expectAggregatesConsistent(t);
    // Days-late events of the same users, after those were aggregated: their first sightings move back.
    const late = rowsOf(
      users.map((anonymousId, i) =>
        feedbackEvent({ feature: 'f0', anonymousId, experiments: { busy: i % 2 ? 'a' : 'b' }, timestamp: at(24 * 5 + i), rating: { scale: 'stars', value: 3 } }),
      ),
    );
    expect((await writeEvents(t.database.db, late)).inserted.size).toBe(3);
    await expectAggregatesConsistent(t);
    // Out-of-order sightings moved users back: their earlier first_at won.
    const moved = await sql<{ n: number }>`select count(*)::int as n from feedback_users where prev_first_at is not null`.execute(t.database.db);
    expect(moved.rows[0]!.n).toBeGreaterThan(0);
  });
});
