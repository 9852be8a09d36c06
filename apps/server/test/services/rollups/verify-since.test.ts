import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAggregates } from '../../../src/services/rollups/verify.js';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { purgeRawEvents } from '../../../src/services/retention/retention.js';
import { exposureEvent, feedbackEvent, startTestApp, type TestApp } from '../../support/app.js';
import { send } from '../../support/query.js';
import { aggregated } from '../../support/verify.js';

/**
 * verify-aggregates --since: after retention deleted old raw events, the days whose raw rows are
 * complete still verify, users first seen before them included, and differences there are found.
 */

let t: TestApp;
let p: CreatedProject;
let q: CreatedProject;
const DAY = 86_400_000;
const midnight = Math.floor(Date.now() / DAY) * DAY;
const old = (h = 0) => new Date(midnight - 10 * DAY + 12 * 3_600_000 + h * 60_000).toISOString();
const recent = (h = 0) => new Date(midnight - 2 * DAY + 12 * 3_600_000 + h * 60_000).toISOString();
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const since = day(midnight - 4 * DAY);
const oldDay = day(midnight - 10 * DAY);
const recentDay = day(midnight - 2 * DAY);

async function events(project: CreatedProject) {
  await send(t.app, project.publicKey, [
    // Before the retention cutoff: u1 and u2 are first seen here.
    exposureEvent({ timestamp: old(), anonymousId: 'u1', experiment: 'exp', variant: 'a' }),
    feedbackEvent({ timestamp: old(1), anonymousId: 'u1', feature: 'f', experiments: { exp: 'a' }, rating: { scale: 'stars', value: 2 } }),
    feedbackEvent({ timestamp: old(2), anonymousId: 'u2', feature: 'f', comment: 'old' }),
    // After it: u1 and u2 again (not first sightings), u3 for the first time.
    exposureEvent({ timestamp: recent(), anonymousId: 'u1', experiment: 'exp', variant: 'a' }),
    feedbackEvent({ timestamp: recent(1), anonymousId: 'u1', feature: 'f', experiments: { exp: 'a' }, rating: { scale: 'stars', value: 5 } }),
    exposureEvent({ timestamp: recent(2), anonymousId: 'u3', experiment: 'exp', variant: 'b' }),
    feedbackEvent({ timestamp: recent(3), anonymousId: 'u3', feature: 'f', experiments: { exp: 'b' }, comment: 'new' }),
    feedbackEvent({ timestamp: recent(4), anonymousId: 'u2', feature: 'g', experiments: { exp: 'a' } }),
  ]);
}

beforeAll(async () => {
  t = await startTestApp({ FEEDLOOP_EVENT_MAX_AGE_HOURS: String(30 * 24) });
  p = await t.project('P');
  q = await t.project('Q');
  await events(p);
  await events(q);
  // Aggregated before retention deletes any of them.
  await aggregated(t.database.db);
  // As if each event had been received when it happened: retention goes by received_at.
  await sql`update feedback set received_at = occurred_at`.execute(t.database.db);
  await sql`update exposures set received_at = occurred_at`.execute(t.database.db);
});
afterAll(() => t.close());

const verify = (options: Parameters<typeof verifyAggregates>[1] = {}) => verifyAggregates(t.database.db, options);

describe('verifyAggregates({ since })', () => {
  it('before retention: everything verifies, with or without since', async () => {
    expect((await verify()).differences).toEqual([]);
    expect((await verify({ since })).differences).toEqual([]);
    expect((await verify({ since, projectId: p.projectId })).ok).toBe(true);
  });

  it('after retention: the full check fails, the days from since on verify (first sightings before them included)', async () => {
    const purged = await purgeRawEvents(t.database.db, new Date(midnight - 5 * DAY));
    expect(purged).toMatchObject({ feedback: 4, exposures: 2 });

    const full = await verify();
    expect(full.ok).toBe(false);
    expect(full.differences.map((d) => d.table)).toContain('feature_daily');
    // u1 reappears on the recent day: only the stored first-seen row knows that was not a first sighting.
    expect(full.differences).toContainEqual(expect.objectContaining({ table: 'exposed_users', kind: 'missing' }));

    const result = await verify({ since });
    expect(result.differences).toEqual([]);
    expect(result.ok).toBe(true);
    // Only the recent day's rows were compared: two projects × (f, g) on that day; u3 alone is first seen from since on.
    expect(result.checked).toMatchObject({ feature_daily: 4, exposed_users: 2 });
    expect((await verify({ since, projectId: q.projectId })).ok).toBe(true);
  });

  it('finds differences from since on, and ignores the days before it', async () => {
    const db = t.database.db;
    const expectDifference = async (table: string, change: () => Promise<unknown>, undo: () => Promise<unknown>) => {
      await change();
      const result = await verify({ since, projectId: p.projectId });
      await undo();
      expect(result.ok, table).toBe(false);
      expect(result.differences.map((d) => d.table), table).toContain(table);
      // The other project is untouched.
      expect((await verify({ since, projectId: q.projectId })).ok).toBe(true);
    };
    const project = p.projectId;
    await expectDifference(
      'feature_daily',
      () => sql`update feature_daily set count = count + 1 where project_id = ${project} and day = ${recentDay}::date and feature = 'f'`.execute(db),
      () => sql`update feature_daily set count = count - 1 where project_id = ${project} and day = ${recentDay}::date and feature = 'f'`.execute(db),
    );
    await expectDifference(
      'variant_daily',
      () => sql`update variant_daily set exposed_users = exposed_users + 1 where project_id = ${project} and day = ${recentDay}::date and variant = 'a'`.execute(db),
      () => sql`update variant_daily set exposed_users = exposed_users - 1 where project_id = ${project} and day = ${recentDay}::date and variant = 'a'`.execute(db),
    );
    await expectDifference(
      'exposed_users',
      () => sql`update exposed_users set first_at = first_at + interval '1 minute' where project_id = ${project} and anonymous_id = 'u3'`.execute(db),
      () => sql`update exposed_users set first_at = first_at - interval '1 minute' where project_id = ${project} and anonymous_id = 'u3'`.execute(db),
    );
    await expectDifference(
      'feedback_users',
      () => sql`update feedback_users set first_at = ${new Date(midnight - 3 * DAY)} where project_id = ${project} and anonymous_id = 'u3' and feature = 'f'`.execute(db),
      () => sql`update feedback_users set first_at = ${recent(3)} where project_id = ${project} and anonymous_id = 'u3' and feature = 'f'`.execute(db),
    );
    // Before since: not compared (the raw rows are gone).
    await sql`update feature_daily set count = count + 5 where project_id = ${project} and day = ${oldDay}::date`.execute(db);
    expect((await verify({ since, projectId: project })).ok).toBe(true);
    await sql`update feature_daily set count = count - 5 where project_id = ${project} and day = ${oldDay}::date`.execute(db);
  });

  it('refuses a since that is not a calendar day', async () => {
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '2026-11-01T00:00:00Z']) {
      await expect(verify({ since: bad })).rejects.toThrow(/since: a date YYYY-MM-DD/);
    }
  });
});

describe('feedloop verify-aggregates --since', () => {
  const cli = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
  const run = promisify(execFile);

  it('rejects a malformed date before touching the database', async () => {
    const failed = run(process.execPath, [cli, 'verify-aggregates', '--since', '2026-13-01'], { env: { ...process.env, DATABASE_URL: 'postgres://nowhere.invalid/x' } });
    await expect(failed).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("option '--since <date>' argument '2026-13-01' is invalid") });
  });

  it.runIf(Boolean(process.env.DATABASE_URL))('checks the days from --since on (PostgreSQL: the CLI reads the test schema)', async () => {
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.database.db)).rows[0]!.s;
    const env = { ...process.env, FEEDLOOP_DB_SCHEMA: schema };
    const { stdout } = await run(process.execPath, [cli, 'verify-aggregates', '--since', since, '--project', q.projectId, '--json'], { env });
    expect(JSON.parse(stdout)).toMatchObject({ since, ok: true, differences: [] });
    await expect(run(process.execPath, [cli, 'verify-aggregates', '--project', q.projectId], { env })).rejects.toMatchObject({ code: 1 });
  });
});
