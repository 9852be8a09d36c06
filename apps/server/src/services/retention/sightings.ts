import { sql, type Kysely } from 'kysely';
import { ANY_FEATURE } from '../../db/rollup-columns.js';
import type { Database } from '../../db/schema.js';

export interface SightingPurgeResult {
  exposedUsers: number;
  feedbackUsers: number;
}

/**
 * First sightings (an anonymous id per variant, and per feature) older than the cutoff whose raw
 * events are all gone, deleted in small batches. The distinct-user counts they made survive
 * (aggregates are kept). A user seen again after their sighting went counts as a new user on
 * the day they are seen again, like anyone never seen before: over a range spanning both days
 * they count twice. That is the price of not keeping their id forever (docs/privacy.md).
 *
 * Each batch is one transaction holding the aggregator's watermark row, so that no pass is
 * folding in an event of that person while their sighting goes: a sighting goes only while no
 * raw event of it is left at all (counted or not), and the next event then makes a new one,
 * exactly as verify-aggregates recounts it. Short batches: passes wait for them.
 */
export async function purgeFirstSightings(db: Kysely<Database>, cutoff: Date, batchSize = 1000): Promise<SightingPurgeResult> {
  const result: SightingPurgeResult = { exposedUsers: 0, feedbackUsers: 0 };
  for (const table of ['exposed_users', 'feedback_users'] as const) {
    for (;;) {
      const n = await db.transaction().execute(async (trx) => {
        await sql`select 1 from feedloop_aggregator where id = 1 for update`.execute(trx);
        const deleted =
          table === 'exposed_users'
            ? await sql`
                delete from exposed_users t using (
                  select u.project_id, u.experiment, u.variant, u.anonymous_id from exposed_users u
                  where u.first_at < ${cutoff}
                    and not exists (select 1 from exposures x
                                    where x.project_id = u.project_id and x.anonymous_id = u.anonymous_id
                                      and x.experiment = u.experiment and x.variant = u.variant)
                  limit ${batchSize}) d
                where (t.project_id, t.experiment, t.variant, t.anonymous_id) = (d.project_id, d.experiment, d.variant, d.anonymous_id)`.execute(trx)
            : await sql`
                delete from feedback_users t using (
                  select u.project_id, u.experiment, u.variant, u.feature, u.anonymous_id from feedback_users u
                  where u.first_at < ${cutoff}
                    and not exists (select 1 from feedback f
                                    where f.project_id = u.project_id and f.anonymous_id = u.anonymous_id
                                      and f.experiments ->> u.experiment = u.variant
                                      and (u.feature = ${ANY_FEATURE} or f.feature = u.feature))
                  limit ${batchSize}) d
                where (t.project_id, t.experiment, t.variant, t.feature, t.anonymous_id)
                    = (d.project_id, d.experiment, d.variant, d.feature, d.anonymous_id)`.execute(trx);
        return Number(deleted.numAffectedRows ?? 0);
      });
      result[table === 'exposed_users' ? 'exposedUsers' : 'feedbackUsers'] += n;
      if (n < batchSize) break;
    }
  }
  return result;
}

/** Erasure receipts recorded before the cutoff. */
export async function purgeErasureReceipts(db: Kysely<Database>, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('privacy_erasures').where('at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
