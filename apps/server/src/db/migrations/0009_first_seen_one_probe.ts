import { sql, type Kysely } from 'kysely';
import { ANY_FEATURE } from '../../services/aggregates/columns.js';
import { FEEDBACK_FIRST_SEEN_TWO_PROBES, FEEDBACK_USERS_UPSERT_END, ingestFunction } from './0005_ingest_function.js';

/**
 * First sightings of feedback with one index probe per event and experiment instead of two
 * (issue 4, throughput: step 2b was a third of PostgreSQL's time per flush). A user whose row for
 * this feature is already at or before the event needs nothing for "any feature" either: that
 * row's first_at is the earliest of all their features. So "any feature" is probed only for the
 * users whose feature row is missing or later, with the earliest such event of theirs; the
 * earlier events of the batch on features already recorded had met an earlier row, which bounds
 * "any feature" too. Same rows, same moves, as the two-probe version.
 */
const FEEDBACK_FIRST_SEEN_ONE_PROBE = `
  -- Feedback counts once per feature and once for "any feature" ('${ANY_FEATURE}') in each variant.
  with s as (
    select f.project_id, e.key as experiment, e.value as variant, f.feature, f.anonymous_id, min(f.occurred_at) as at
    from unnest(new_fb) f cross join lateral jsonb_each_text(f.experiments) e
    group by 1, 2, 3, 4, 5
  ), need as (
    select s.* from s
    where not exists (select from feedback_users k
                      where (k.project_id, k.experiment, k.variant, k.feature, k.anonymous_id)
                          = (s.project_id, s.experiment, s.variant, s.feature, s.anonymous_id)
                        and k.first_at <= s.at)
  ), need_any as (
    select n.project_id, n.experiment, n.variant, '${ANY_FEATURE}'::text as feature, n.anonymous_id, min(n.at) as at
    from need n group by 1, 2, 3, 5
  ), candidates as (
    select * from need
    union all
    select a.* from need_any a
    where not exists (select from feedback_users k
                      where (k.project_id, k.experiment, k.variant, k.feature, k.anonymous_id)
                          = (a.project_id, a.experiment, a.variant, a.feature, a.anonymous_id)
                        and k.first_at <= a.at)
  ), seen as (
    insert into feedback_users as t (project_id, experiment, variant, feature, anonymous_id, first_at)
    select c.* from candidates c
${FEEDBACK_USERS_UPSERT_END}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(ingestFunction(FEEDBACK_FIRST_SEEN_ONE_PROBE)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(ingestFunction(FEEDBACK_FIRST_SEEN_TWO_PROBES)).execute(db);
}
