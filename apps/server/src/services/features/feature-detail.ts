import { sql, type Kysely } from 'kysely';
import type { FeatureDetailResponse, SeriesPoint } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { type DayRange, addDays, daysBetween, weekStart } from '../rollups/days.js';
import { summarizeRatings } from '../rollups/summarize.js';
import { addCounters, categoryCounts, countersOf, distribution, emptyCounters, type Counters } from '../rollups/counters.js';
import { scaleStatistics } from '../rollups/scale-statistics.js';

export type Interval = 'day' | 'week';

/** At most this many points in a series; beyond, the series starts at the first day with data. */
const MAX_POINTS = 1_000;

interface Bucket {
  count: number;
  comments: number;
  counters: Counters;
}

/**
 * One feature: summary, series, rating distribution and categories from its daily rollup (one
 * row per day: the cost follows days, not events), and the latest comments from a partial index.
 * undefined when the project never had feedback on the feature.
 */
export async function featureDetail(
  db: Kysely<Database>,
  projectId: string,
  feature: string,
  range: DayRange,
  interval: Interval,
  commentsLimit: number,
): Promise<Omit<FeatureDetailResponse, 'asOf'> | undefined> {
  // The rollup rows and the latest comments are independent: asked for at once (two connections).
  const [rows, comments] = await Promise.all([
    db
      .selectFrom('feature_daily')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('feature', '=', feature)
      .$if(range.fromDay !== undefined, (qb) => qb.where('day', '>=', range.fromDay!))
      .$if(range.toDay !== undefined, (qb) => qb.where('day', '<', range.toDay!))
      .orderBy('day')
      .execute(),
    latestComments(db, projectId, feature, range, commentsLimit),
  ]);
  if (rows.length === 0 && !(await featureExists(db, projectId, feature))) return undefined;

  const total: Bucket = { count: 0, comments: 0, counters: emptyCounters() };
  const buckets = new Map<string, Bucket>();
  let lastAt: Date | undefined;
  for (const row of rows) {
    const counters = countersOf(row as unknown as Record<string, unknown>);
    const key = interval === 'week' ? weekStart(row.day) : row.day;
    const bucket = buckets.get(key) ?? { count: 0, comments: 0, counters: emptyCounters() };
    for (const b of [bucket, total]) {
      b.count += Number(row.count);
      b.comments += Number(row.comments);
      addCounters(b.counters, counters);
    }
    buckets.set(key, bucket);
    const at = new Date(row.last_at);
    if (!lastAt || at > lastAt) lastAt = at;
  }

  return {
    feature,
    count: total.count,
    comments: total.comments,
    lastAt: lastAt ? lastAt.toISOString() : null,
    ratings: summarizeRatings(total.counters),
    statistics: scaleStatistics(total.counters),
    interval,
    series: series(buckets, range, interval, rows[0]?.day, rows.at(-1)?.day),
    distribution: distribution(total.counters),
    categories: categoryCounts(total.counters),
    latestComments: comments,
  };
}

/** Buckets from the range's start (or the first data day) to its end, gaps as zeros. */
function series(
  buckets: Map<string, Bucket>,
  range: DayRange,
  interval: Interval,
  firstDay: string | undefined,
  lastDay: string | undefined,
): SeriesPoint[] {
  let start = range.fromDay ?? firstDay;
  const end = range.toDay ? addDays(range.toDay, -1) : lastDay;
  if (start === undefined || end === undefined || end < start) return [];
  const step = interval === 'week' ? 7 : 1;
  if (daysBetween(start, end) / step > MAX_POINTS && firstDay) start = firstDay;
  const points: SeriesPoint[] = [];
  for (let key = interval === 'week' ? weekStart(start) : start; key <= end && points.length < MAX_POINTS; key = addDays(key, step)) {
    const bucket = buckets.get(key);
    points.push({
      start: key,
      count: bucket?.count ?? 0,
      comments: bucket?.comments ?? 0,
      ratings: bucket ? scaleStatistics(bucket.counters) : {},
    });
  }
  return points;
}

async function featureExists(db: Kysely<Database>, projectId: string, feature: string): Promise<boolean> {
  const row = await db
    .selectFrom('feature_daily')
    .select(sql`1`.as('one'))
    .where('project_id', '=', projectId)
    .where('feature', '=', feature)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Newest comments in the (day-widened) range: an index-only walk of feedback_feature_comments. */
async function latestComments(db: Kysely<Database>, projectId: string, feature: string, range: DayRange, limit: number) {
  if (limit === 0) return [];
  const rows = await db
    .selectFrom('feedback')
    .select(['id', 'occurred_at', 'comment', 'rating_scale', 'rating_value', 'category', 'experiments'])
    .where('project_id', '=', projectId)
    .where('feature', '=', feature)
    .where('comment', 'is not', null)
    .$if(range.fromDay !== undefined, (qb) => qb.where('occurred_at', '>=', new Date(`${range.fromDay}T00:00:00Z`)))
    .$if(range.toDay !== undefined, (qb) => qb.where('occurred_at', '<', new Date(`${range.toDay}T00:00:00Z`)))
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurredAt: new Date(r.occurred_at).toISOString(),
    comment: r.comment ?? '',
    rating: r.rating_scale === null || r.rating_value === null ? null : { scale: r.rating_scale, value: r.rating_value },
    category: r.category,
    experiments: r.experiments,
  }));
}
