import { sql, type Kysely } from 'kysely';
import type { CompareQuery, CompareResponse, Release } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { addDays, toDayRange, utcDayOf, type DayRange } from '../rollups/days.js';
import { compareArms } from '../rollups/compare-arms.js';
import { countersOf, sumHistogram } from '../rollups/counters.js';
import { findRelease } from '../releases/releases.js';
import { scaleStatistics } from '../rollups/scale-statistics.js';

interface Window {
  fromDay: string;
  toDay: string;
}

/**
 * Before vs after for one feature: around a release (`days` whole UTC days on each side; the
 * release's own day is left out of both unless it was released at midnight, since a daily bucket
 * would mix the two), or two explicit windows. Same statistics as a variant comparison, with
 * "before" as the control.
 */
export async function compareFeature(
  db: Kysely<Database>,
  projectId: string,
  feature: string,
  query: CompareQuery,
): Promise<Omit<CompareResponse, 'asOf'>> {
  let release: Release | null = null;
  let before: Window;
  let after: Window;
  if (query.release !== undefined) {
    release = (await findRelease(db, projectId, query.release)) ?? null;
    if (!release) throw new HttpError(404, 'not_found', `no release "${query.release}" in this project`);
    const days = query.days ?? 14;
    const at = new Date(release.releasedAt);
    const day = utcDayOf(at);
    const midnight = at.getTime() === Date.parse(`${day}T00:00:00Z`);
    before = { fromDay: addDays(day, -days), toDay: day };
    const afterStart = midnight ? day : addDays(day, 1);
    after = { fromDay: afterStart, toDay: addDays(afterStart, days) };
  } else {
    before = explicitWindow(query.beforeFrom, query.beforeTo, 'before');
    after = explicitWindow(query.afterFrom, query.afterTo, 'after');
  }

  const [b, a] = await Promise.all([windowTotals(db, projectId, feature, before), windowTotals(db, projectId, feature, after)]);
  const [metrics] = compareArms(
    { label: 'before', counters: b.counters },
    [{ label: 'after', counters: a.counters }],
    query.minCount ?? 30,
  );
  return {
    feature,
    release,
    before: { from: before.fromDay, to: before.toDay, count: b.count, comments: b.comments, ratings: scaleStatistics(b.counters) },
    after: { from: after.fromDay, to: after.toDay, count: a.count, comments: a.comments, ratings: scaleStatistics(a.counters) },
    comparisons: metrics ?? [],
  };
}

function explicitWindow(from: string | undefined, to: string | undefined, name: string): Window {
  if (from === undefined || to === undefined) {
    throw new HttpError(400, 'invalid_query', `give release=, or all of beforeFrom, beforeTo, afterFrom, afterTo (${name} window incomplete)`);
  }
  const range: DayRange = toDayRange(from, to);
  if (!(range.fromDay! < range.toDay!)) throw new HttpError(400, 'invalid_query', `the ${name} window must start before it ends`);
  return { fromDay: range.fromDay!, toDay: range.toDay! };
}

async function windowTotals(db: Kysely<Database>, projectId: string, feature: string, w: Window) {
  const { rows } = await sql<Record<string, unknown> & { count: number; comments: number }>`
    select coalesce(sum(count), 0)::float8 as count, coalesce(sum(comments), 0)::float8 as comments, ${sumHistogram()}
    from feature_daily
    where project_id = ${projectId} and feature = ${feature} and day >= ${w.fromDay} and day < ${w.toDay}`.execute(db);
  const row = rows[0] ?? { count: 0, comments: 0 };
  return { count: Number(row.count), comments: Number(row.comments), counters: countersOf(row) };
}
