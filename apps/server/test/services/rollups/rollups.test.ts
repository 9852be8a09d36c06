import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAggregates, verifyAggregates } from '../../../src/services/rollups/verify.js';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { exposureEvent, feedbackEvent, postEvents, startTestApp, type TestApp } from '../../support/app.js';
import { aggregated, expectAggregatesConsistent } from '../../support/verify.js';

let t: TestApp;
let project: CreatedProject;
const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  project = await t.project('Aggregates');
});
afterAll(() => t.close());

async function variantDaily() {
  return t.database.db
    .selectFrom('variant_daily')
    .select(['variant', 'day', 'exposures', 'exposed_users', 'feedback_users'])
    .where('project_id', '=', project.projectId)
    .orderBy('variant')
    .orderBy('day')
    .execute();
}

describe('per-variant aggregates', () => {
  it('counts exposures per day and each user once, on the day of their earliest event', async () => {
    const exp = { experiment: 'onboarding' };
    // u1 twice today, then (arriving later) once 3 days ago: their first day moves back.
    await postEvents(t.app, project.publicKey, [
      exposureEvent({ ...exp, variant: 'a', anonymousId: 'u1' }),
      exposureEvent({ ...exp, variant: 'a', anonymousId: 'u1' }),
      exposureEvent({ ...exp, variant: 'b', anonymousId: 'u2' }),
    ]);
    await postEvents(t.app, project.publicKey, [exposureEvent({ ...exp, variant: 'a', anonymousId: 'u1', timestamp: hoursAgo(72) })]);
    await aggregated(t.database.db);
    const rows = (await variantDaily()).filter((r) => r.exposures + r.exposed_users > 0);
    const a = rows.filter((r) => r.variant === 'a');
    expect(a.map((r) => [r.exposures, r.exposed_users])).toEqual([
      [1, 1],
      [2, 0],
    ]);
    await expectAggregatesConsistent(t);
  });

  it('rolls feedback up per variant and feature, with first-feedback users per feature and overall', async () => {
    const experiments = { onboarding: 'a', pricing: 'cheap' };
    await postEvents(t.app, project.publicKey, [
      feedbackEvent({ experiments, anonymousId: 'u1', feature: 'checkout', rating: { scale: 'stars', value: 4 }, comment: '=1+1' }),
      feedbackEvent({ experiments, anonymousId: 'u1', feature: 'search', rating: { scale: 'nps', value: 9 }, category: 'bug' }),
      feedbackEvent({ experiments, anonymousId: 'u3', feature: 'checkout', rating: { scale: 'thumbs', value: 0 } }),
      feedbackEvent({ anonymousId: 'u9', feature: 'checkout' , rating: { scale: 'thumbs', value: 1 } }),
    ]);
    await postEvents(t.app, project.publicKey, [
      feedbackEvent({ experiments, anonymousId: 'u1', feature: 'checkout', rating: { scale: 'stars', value: 2 }, timestamp: hoursAgo(30) }),
    ]);
    await aggregated(t.database.db);
    const rows = await t.database.db
      .selectFrom('variant_feature_daily')
      .selectAll()
      .where('project_id', '=', project.projectId)
      .where('experiment', '=', 'onboarding')
      .where('feature', '=', 'checkout')
      .orderBy('day')
      .execute();
    expect(rows.map((r) => [r.count, r.feedback_users, r.stars_4, r.stars_2, r.thumbs_0])).toEqual([
      [1, 1, 0, 1, 0],
      [2, 1, 1, 0, 1],
    ]);
    const total = (await variantDaily()).filter((r) => r.variant === 'a').reduce((s, r) => s + r.feedback_users, 0);
    expect(total).toBe(2);
    await expectAggregatesConsistent(t);
  });

  it('first sightings stay exact for users seen on several features, out of order, across many batches', async () => {
    // A small world, so that batches keep meeting users and features already recorded, earlier
    // and later: the cases where "any feature" can be settled by a feature row (migration 0009).
    const p = await t.project('First sightings, random');
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const sent = [];
    for (let batch = 0; batch < 40; batch++) {
      const events = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        random() < 0.25
          ? exposureEvent({ experiment: 'e1', variant: pick(['a', 'b']), anonymousId: pick(['u1', 'u2', 'u3', 'u4']), timestamp: hoursAgo(random() * 96) })
          : feedbackEvent({
              anonymousId: pick(['u1', 'u2', 'u3', 'u4']),
              feature: pick(['f1', 'f2', 'f3']),
              experiments: random() < 0.8 ? { e1: pick(['a', 'b']), ...(random() < 0.5 ? { e2: 'x' } : {}) } : {},
              rating: { scale: 'stars', value: 1 + Math.floor(random() * 5) },
              timestamp: hoursAgo(random() * 96),
            }),
      );
      // Now and then a retry of an earlier event rides along.
      if (sent.length > 0 && random() < 0.3) events.push(pick(sent));
      sent.push(...events);
      expect((await postEvents(t.app, p.publicKey, events)).statusCode).toBe(200);
    }
    await expectAggregatesConsistent(t);
  });

  it('duplicates change nothing', async () => {
    const event = exposureEvent({ experiment: 'dup', variant: 'x', anonymousId: 'd1' });
    await postEvents(t.app, project.publicKey, [event, event]);
    await postEvents(t.app, project.publicKey, [event]);
    await aggregated(t.database.db);
    const row = await t.database.db.selectFrom('variant_daily').selectAll().where('experiment', '=', 'dup').executeTakeFirstOrThrow();
    expect([row.exposures, row.exposed_users]).toEqual([1, 1]);
    await expectAggregatesConsistent(t);
  });

  it('verify-aggregates reports a tampered rollup', async () => {
    await sql`update variant_daily set exposures = exposures + 1 where experiment = 'dup'`.execute(t.database.db);
    const result = await verifyAggregates(t.database.db);
    expect(result.ok).toBe(false);
    expect(result.differences.map((d) => [d.table, d.kind])).toEqual([
      ['variant_daily', 'missing'],
      ['variant_daily', 'unexpected'],
    ]);
    await sql`update variant_daily set exposures = exposures - 1 where experiment = 'dup'`.execute(t.database.db);
    await expectAggregatesConsistent(t);
  });

  it('rebuilding in bulk gives exactly what ingest maintained', async () => {
    const before = await variantDaily();
    await rebuildAggregates(t.database.db, project.projectId);
    expect((await variantDaily()).filter((r) => r.exposures + r.exposed_users + r.feedback_users !== 0)).toEqual(
      before.filter((r) => r.exposures + r.exposed_users + r.feedback_users !== 0),
    );
    await expectAggregatesConsistent(t);
  });
});
