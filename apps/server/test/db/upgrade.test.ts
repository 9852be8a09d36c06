import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { toRows } from '../../src/services/events/to-rows.js';
import type { ValidEvent } from '../../src/services/events/validate-event.js';
import { writeEvents } from '../../src/services/events/write-events.js';
import { aggregatePass } from '../../src/services/rollups/aggregator.js';
import { verifyAggregates, writeRecount } from '../../src/services/rollups/verify.js';
import { openTestDatabase } from '../support/database.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  // A database of the version before the aggregator: its write path kept the aggregates itself.
  database = await openTestDatabase('0010_teams');
});
afterAll(() => database.drop());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

it('an upgraded database keeps exact aggregates: what the old write path counted is not counted again', async () => {
  const { db } = database.handle;
  const projectId = randomUUID();
  await db.insertInto('projects').values({ id: projectId, name: 'Before the upgrade' }).execute();
  const users = ['u1', 'u2', 'u3', 'u4'];
  const base = { project_id: projectId, received_at: new Date(), user_id: null, session_id: null, url: null, app_version: null, locale: null };
  await db
    .insertInto('feedback')
    .values(
      Array.from({ length: 24 }, (_, i) => ({
        ...base,
        id: randomUUID(),
        occurred_at: hoursAgo(i * 5),
        anonymous_id: users[i % 4]!,
        experiments: JSON.stringify({ onboarding: i % 2 ? 'a' : 'b' }),
        feature: `f${i % 3}`,
        rating_scale: 'stars',
        rating_value: 1 + (i % 5),
        comment: i % 4 ? null : 'old',
        category: null,
        email: null,
        metadata: null,
      })),
    )
    .execute();
  await db
    .insertInto('exposures')
    .values(users.map((anonymousId, i) => ({ ...base, id: randomUUID(), occurred_at: hoursAgo(100 + i), anonymous_id: anonymousId, experiments: '{}', experiment: 'onboarding', variant: i % 2 ? 'a' : 'b' })))
    .execute();
  // The aggregates as the old write path left them.
  await db.transaction().execute((trx) => writeRecount(trx, projectId));

  await migrateToLatest(db, database.schema);
  const upgraded = await verifyAggregates(db);
  expect(upgraded.differences).toEqual([]);
  expect(upgraded.checked.feature_daily).toBeGreaterThan(0);
  // Nothing waits for the aggregator: the old rows are behind the watermark.
  expect((await aggregatePass(db, 1000)).rows).toBe(0);

  // New events on top, some of known users and days late: aggregated once, on top of the old counts.
  const events = users.map(
    (anonymousId, i) =>
      ({ type: 'feedback', id: randomUUID(), timestamp: hoursAgo(200 + i).toISOString(), anonymousId, feature: 'f0', experiments: { onboarding: 'a' }, rating: { scale: 'stars', value: 5 } }) as ValidEvent,
  );
  expect((await writeEvents(db, toRows(projectId, events, new Date()))).inserted.size).toBe(4);
  expect((await aggregatePass(db, 1000)).rows).toBe(4);
  const after = await verifyAggregates(db);
  expect(after.differences).toEqual([]);
});
