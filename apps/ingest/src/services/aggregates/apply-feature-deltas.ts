import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ROLLUP_COLUMNS } from './columns.js';
import type { FeatureDelta } from './feature-deltas.js';

/** Adds deltas to the daily feature rollup (upsert; deltas arrive sorted by key). */
export async function applyFeatureDeltas(
  trx: Transaction<Database>,
  deltas: readonly FeatureDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  const values = deltas.map((d) => {
    const row: Record<string, unknown> = {
      project_id: d.projectId,
      feature: d.feature,
      day: d.day,
      count: d.count,
      comments: d.comments,
      last_at: d.lastAt,
    };
    for (const column of ROLLUP_COLUMNS) row[column] = d.counters[column] ?? 0;
    return row as never;
  });
  await trx
    .insertInto('feature_daily')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['project_id', 'feature', 'day']).doUpdateSet((eb) => {
        const set: Record<string, unknown> = {
          count: eb('feature_daily.count', '+', eb.ref('excluded.count')),
          comments: eb('feature_daily.comments', '+', eb.ref('excluded.comments')),
          last_at: eb.fn('greatest', ['feature_daily.last_at', 'excluded.last_at']),
        };
        for (const column of ROLLUP_COLUMNS) {
          set[column] = eb(`feature_daily.${column}`, '+', eb.ref(`excluded.${column}`));
        }
        return set as never;
      }),
    )
    .execute();
}
