import { sql, type Kysely } from 'kysely';
import type { FeatureSummary } from '@feedloop/protocol';
import { ROLLUP_COLUMNS } from '../../db/rollup-columns.js';
import type { Database } from '../../db/schema.js';
import type { DayRange } from '../rollups/days.js';
import { countersOf } from '../rollups/counters.js';
import { summarizeRatings } from '../rollups/summarize.js';

/** Every feature of a project with feedback in the range, most feedback first. Reads rollups only. */
export async function listFeatures(db: Kysely<Database>, projectId: string, range: DayRange): Promise<FeatureSummary[]> {
  const rows = await db
    .selectFrom('feature_daily')
    .select((eb) => [
      'feature',
      eb.fn.sum<number>('count').as('count'),
      eb.fn.sum<number>('comments').as('comments'),
      eb.fn.max('last_at').as('last_at'),
      ...ROLLUP_COLUMNS.map((column) => eb.fn.sum<number>(column).as(column)),
    ])
    .where('project_id', '=', projectId)
    .$if(range.fromDay !== undefined, (qb) => qb.where('day', '>=', range.fromDay!))
    .$if(range.toDay !== undefined, (qb) => qb.where('day', '<', range.toDay!))
    .groupBy('feature')
    .orderBy(sql`sum(count)`, 'desc')
    .orderBy('feature')
    .execute();

  return rows.map((row) => ({
    feature: row.feature,
    count: Number(row.count),
    comments: Number(row.comments),
    lastAt: new Date(row.last_at as Date).toISOString(),
    ratings: summarizeRatings(countersOf(row)),
  }));
}
