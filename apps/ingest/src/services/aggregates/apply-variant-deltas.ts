import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ROLLUP_COLUMNS } from './columns.js';
import type { VariantDelta, VariantFeatureDelta } from './variant-deltas.js';

/** Rows per statement: ~45 columns each stays far below PostgreSQL's 65,535 parameters. */
const CHUNK = 1_000;

/** Adds deltas to variant_feature_daily (upsert; deltas arrive sorted by key). */
export async function applyVariantFeatureDeltas(
  trx: Transaction<Database>,
  deltas: readonly VariantFeatureDelta[],
): Promise<void> {
  for (let start = 0; start < deltas.length; start += CHUNK) {
    const values = deltas.slice(start, start + CHUNK).map((d) => {
      const row: Record<string, unknown> = {
        project_id: d.projectId,
        experiment: d.experiment,
        variant: d.variant,
        feature: d.feature,
        day: d.day,
        count: d.count,
        comments: d.comments,
        feedback_users: d.feedbackUsers,
        last_at: d.lastAt,
      };
      for (const column of ROLLUP_COLUMNS) row[column] = d.counters[column] ?? 0;
      return row as never;
    });
    await trx
      .insertInto('variant_feature_daily')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['project_id', 'experiment', 'variant', 'feature', 'day']).doUpdateSet((eb) => {
          const set: Record<string, unknown> = {
            count: eb('variant_feature_daily.count', '+', eb.ref('excluded.count')),
            comments: eb('variant_feature_daily.comments', '+', eb.ref('excluded.comments')),
            feedback_users: eb('variant_feature_daily.feedback_users', '+', eb.ref('excluded.feedback_users')),
            last_at: eb.fn('greatest', ['variant_feature_daily.last_at', 'excluded.last_at']),
          };
          for (const column of ROLLUP_COLUMNS) {
            set[column] = eb(`variant_feature_daily.${column}`, '+', eb.ref(`excluded.${column}`));
          }
          return set as never;
        }),
      )
      .execute();
  }
}

/** Adds deltas to variant_daily (upsert; deltas arrive sorted by key). */
export async function applyVariantDeltas(trx: Transaction<Database>, deltas: readonly VariantDelta[]): Promise<void> {
  for (let start = 0; start < deltas.length; start += CHUNK) {
    const values = deltas.slice(start, start + CHUNK).map((d) => ({
      project_id: d.projectId,
      experiment: d.experiment,
      variant: d.variant,
      day: d.day,
      exposures: d.exposures,
      exposed_users: d.exposedUsers,
      feedback_users: d.feedbackUsers,
    }));
    await trx
      .insertInto('variant_daily')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['project_id', 'experiment', 'variant', 'day']).doUpdateSet((eb) => ({
          exposures: eb('variant_daily.exposures', '+', eb.ref('excluded.exposures')),
          exposed_users: eb('variant_daily.exposed_users', '+', eb.ref('excluded.exposed_users')),
          feedback_users: eb('variant_daily.feedback_users', '+', eb.ref('excluded.feedback_users')),
        })),
      )
      .execute();
  }
}
