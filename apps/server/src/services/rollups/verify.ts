import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { countedSql } from '../../db/functions/parts.js';
import { ANY_FEATURE, CATEGORY_COLUMNS, RATING_COLUMNS, ROLLUP_COLUMNS } from '../../db/rollup-columns.js';
import { DELIVERY_LOG_DAYS } from '../webhooks/purge.js';

export interface AggregateDifference {
  table: string;
  /** missing: recomputed from raw rows but not stored (or stored with other values); unexpected: the reverse. */
  kind: 'missing' | 'unexpected';
  row: Record<string, unknown>;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows compared per table (as recomputed). */
  checked: Record<string, number>;
  /** At most `limit` per table and kind. */
  differences: AggregateDifference[];
}

const day = sql`(occurred_at at time zone 'UTC')::date`;

/** The histogram columns as SQL aggregates over raw feedback rows. */
const histogram: RawBuilder<unknown> = sql.join([
  ...RATING_COLUMNS.map(
    ({ scale, value, column }) => sql`count(*) filter (where rating_scale = ${sql.lit(scale)} and rating_value = ${sql.lit(value)}) as ${sql.ref(column)}`,
  ),
  ...CATEGORY_COLUMNS.map(({ category, column }) => sql`count(*) filter (where category = ${sql.lit(category)}) as ${sql.ref(column)}`),
]);
const histogramRefs = sql.join(ROLLUP_COLUMNS.map((c) => sql.ref(c)));

/** The parts' watermarks, in part order (db/functions/parts.ts). */
type Watermarks = readonly number[];

/** A raw row (aliased `alias`) the aggregator has counted: its number is at most its part's watermark. */
function passedBy(marks: Watermarks, alias?: string) {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return sql.raw(countedSql(marks, column('seq'), column('anonymous_id')));
}

/**
 * Every rollup as recomputed by a plain GROUP BY over the raw rows (the slow, obviously correct
 * way). Each is a query with the same columns, in the same order, as the stored table.
 *
 * With `since` (a UTC day), only what the raw rows from that day on determine: the daily rows
 * of days ≥ since, and the first sightings at or after its midnight. A user's first sighting
 * is the earliest of *all* their events, and retention may have deleted the earlier ones: users
 * whom the stored first-seen tables place before `since` are left out of the recomputed first
 * sightings (and of the per-day user counts), since no raw row can confirm or refute them.
 */
function expected(
  projectId: string | undefined,
  since?: string,
  watermark?: Watermarks,
): Record<string, { recomputed: RawBuilder<unknown>; stored: RawBuilder<unknown> }> {
  const project = projectId === undefined ? sql`true` : sql`project_id = ${projectId}::uuid`;
  const start = since === undefined ? undefined : sql`(${since}::date::timestamp at time zone 'UTC')`;
  // Raw rows that count: those the aggregator has passed (all, or those from `since` on).
  const passed = watermark === undefined ? project : sql`${project} and ${passedBy(watermark)}`;
  const raw = start === undefined ? passed : sql`${passed} and occurred_at >= ${start}`;
  const fromDay = since === undefined ? sql`true` : sql`day >= ${since}::date`;
  const fromFirst = start === undefined ? sql`true` : sql`first_at >= ${start}`;
  /** Users first seen before `since` by the stored table (their earlier raw rows may be gone). */
  const seenBefore = (table: 'exposed_users' | 'feedback_users', alias: string, keys: string[]) =>
    start === undefined
      ? sql`false`
      : sql`exists (select 1 from ${sql.table(table)} s where ${sql.join(
          keys.map((k) => sql`s.${sql.ref(k)} = ${sql.ref(`${alias}.${k}`)}`),
          sql` and `,
        )} and s.first_at < ${start})`;
  // Feedback once per variant the user was in, with the variant's experiment.
  const feedbackByVariant = sql`(select f.*, e.key as experiment, e.value as variant
    from feedback f cross join lateral jsonb_each_text(f.experiments) e where ${raw})`;
  const firstFeedback = sql`(select * from (
      select project_id, experiment, variant, feature, anonymous_id, min(occurred_at) as first_at
        from ${feedbackByVariant} fv group by 1, 2, 3, 4, 5
      union all
      select project_id, experiment, variant, ${ANY_FEATURE}::text, anonymous_id, min(occurred_at)
        from ${feedbackByVariant} fv group by 1, 2, 3, 5) ff0
    where not ${seenBefore('feedback_users', 'ff0', ['project_id', 'experiment', 'variant', 'feature', 'anonymous_id'])})`;
  const firstExposure = sql`(select * from (
      select project_id, experiment, variant, anonymous_id, min(occurred_at) as first_at
        from exposures where ${raw} group by 1, 2, 3, 4) fe0
    where not ${seenBefore('exposed_users', 'fe0', ['project_id', 'experiment', 'variant', 'anonymous_id'])})`;
  const usersPerDay = (source: RawBuilder<unknown>, keys: RawBuilder<unknown>) =>
    sql`(select ${keys}, (first_at at time zone 'UTC')::date as day, count(*) as users from ${source} s group by ${keys}, (first_at at time zone 'UTC')::date)`;

  return {
    feature_daily: {
      recomputed: sql`select project_id, feature, ${day} as day, count(*) as count, count(comment) as comments,
        max(occurred_at) as last_at, ${histogram} from feedback where ${raw} group by 1, 2, 3`,
      stored: sql`select project_id, feature, day, count, comments, last_at, ${histogramRefs} from feature_daily where ${project} and ${fromDay}`,
    },
    variant_feature_daily: {
      recomputed: sql`select r.project_id, r.experiment, r.variant, r.feature, r.day, r.count, r.comments,
          coalesce(u.users, 0)::bigint as feedback_users, r.last_at, ${sql.join(ROLLUP_COLUMNS.map((c) => sql`r.${sql.ref(c)}`))}
        from (select project_id, experiment, variant, feature, ${day} as day, count(*) as count, count(comment) as comments,
                max(occurred_at) as last_at, ${histogram}
              from ${feedbackByVariant} fv group by 1, 2, 3, 4, 5) r
        left join ${usersPerDay(sql`(select * from ${firstFeedback} ff where feature <> ${ANY_FEATURE})`, sql`project_id, experiment, variant, feature`)} u
          using (project_id, experiment, variant, feature, day)`,
      stored: sql`select project_id, experiment, variant, feature, day, count, comments, feedback_users, last_at, ${histogramRefs}
        from variant_feature_daily where ${project} and ${fromDay}`,
    },
    variant_daily: {
      recomputed: sql`select project_id, experiment, variant, day,
          coalesce(x.exposures, 0)::bigint as exposures, coalesce(eu.users, 0)::bigint as exposed_users,
          coalesce(fu.users, 0)::bigint as feedback_users
        from (select project_id, experiment, variant, ${day} as day, count(*) as exposures from exposures where ${raw} group by 1, 2, 3, 4) x
        full join ${usersPerDay(firstExposure, sql`project_id, experiment, variant`)} eu using (project_id, experiment, variant, day)
        full join ${usersPerDay(sql`(select project_id, experiment, variant, first_at from ${firstFeedback} ff where feature = ${ANY_FEATURE})`, sql`project_id, experiment, variant`)} fu
          using (project_id, experiment, variant, day)`,
      // A bucket whose only user moved to an earlier day is left at zero: the same as no row.
      stored: sql`select project_id, experiment, variant, day, exposures, exposed_users, feedback_users from variant_daily
        where ${project} and ${fromDay} and (exposures <> 0 or exposed_users <> 0 or feedback_users <> 0)`,
    },
    exposed_users: {
      recomputed: sql`select * from ${firstExposure} fe`,
      stored: sql`select project_id, experiment, variant, anonymous_id, first_at from exposed_users where ${project} and ${fromFirst}`,
    },
    feedback_users: {
      recomputed: sql`select * from ${firstFeedback} ff`,
      stored: sql`select project_id, experiment, variant, feature, anonymous_id, first_at from feedback_users where ${project} and ${fromFirst}`,
    },
  };
}

/**
 * Recomputes every rollup from the raw rows and compares it with what the aggregator maintained,
 * in one snapshot (repeatable read) and for the raw rows up to its watermark: rows stored since
 * are not counted yet, by design. Also checks the webhook outbox: exactly one feedback.created
 * delivery per item and subscribed webhook. Reads everything: an operator's check (and the
 * tests'), never part of answering a query.
 */
export async function verifyAggregates(
  db: Kysely<Database>,
  options: {
    projectId?: string | undefined;
    limit?: number;
    /** YYYY-MM-DD (UTC): compare only days from this one on (after retention deleted older raw events). */
    since?: string | undefined;
    /** How many days the webhook delivery log keeps (FEEDLOOP_WEBHOOK_LOG_DAYS). */
    deliveryLogDays?: number | undefined;
  } = {},
): Promise<VerifyResult> {
  const limit = options.limit ?? 20;
  if (options.since !== undefined && !isDay(options.since)) throw new RangeError(`since: a date YYYY-MM-DD, not ${JSON.stringify(options.since)}`);
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    // Every query here reads all of a project's rows: hash joins. A nested loop, which the planner
    // picks from stale statistics (tables just filled, not analysed yet), makes the outbox's join
    // on an id inside the payload quadratic: minutes for 20,000 items instead of a second. The
    // nested loops left (lateral jsonb_each_text) then look costly enough to be compiled, which
    // would take longer than running them: no JIT.
    await sql`set local enable_nestloop = off`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    const watermark = (await trx.selectFrom('feedloop_aggregator_parts').select('last_seq').orderBy('part').execute()).map((p) => Number(p.last_seq));
    const checked: Record<string, number> = {};
    const differences: AggregateDifference[] = [];
    const tables = { ...expected(options.projectId, options.since, watermark), webhook_deliveries: outbox(options.projectId, watermark, options.deliveryLogDays ?? DELIVERY_LOG_DAYS) };
    for (const [table, { recomputed, stored }] of Object.entries(tables)) {
      const count = await sql<{ n: number }>`select count(*)::int as n from (${recomputed}) r`.execute(trx);
      checked[table] = Number(count.rows[0]?.n ?? 0);
      for (const [kind, a, b] of [
        ['missing', recomputed, stored],
        ['unexpected', stored, recomputed],
      ] as const) {
        const rows = await sql<{ row: Record<string, unknown> }>`
          select to_jsonb(d) as row from ((${a}) except all (${b})) d limit ${sql.lit(limit)}`.execute(trx);
        for (const { row } of rows.rows) differences.push({ table, kind, row });
      }
    }
    return { ok: differences.length === 0, checked, differences };
  });
}

/**
 * The feedback.created outbox: one delivery per aggregated item and webhook made before the item
 * was stored and unchanged since (a paused webhook's history is not kept),
 * within the days the delivery log keeps (less one: a purge may be due). `except all` finds both a
 * missing and a doubled one.
 */
function outbox(projectId: string | undefined, watermark: Watermarks, logDays: number) {
  const project = (alias: string) => (projectId === undefined ? sql`true` : sql`${sql.ref(`${alias}.project_id`)} = ${projectId}::uuid`);
  const recent = sql`now() - ${Math.max(0, logDays - 1)} * interval '1 day'`;
  return {
    recomputed: sql`select f.project_id, w.id as webhook_id, f.id::text as feedback_id
      from feedback f join webhooks w on w.project_id = f.project_id
      where ${project('f')} and ${passedBy(watermark, 'f')} and f.received_at > ${recent}
        and w.active and 'feedback.created' = any(w.events) and w.created_at <= f.received_at and w.updated_at < f.received_at`,
    stored: sql`select d.project_id, d.webhook_id, d.payload #>> '{data,feedback,id}' as feedback_id
      from webhook_deliveries d join webhooks w on w.project_id = d.project_id and w.id = d.webhook_id
      join feedback f on f.project_id = d.project_id and f.id::text = d.payload #>> '{data,feedback,id}'
      where ${project('d')} and d.event = 'feedback.created' and f.received_at > ${recent}
        and w.active and 'feedback.created' = any(w.events) and w.created_at <= f.received_at and w.updated_at < f.received_at`,
  };
}

/** A real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  // 2026-02-30 parses (as 2 March): it must print back as written.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/**
 * Rebuilds every rollup of a project from its raw rows in bulk, with the same SQL that verifies
 * them (their columns are in table order), and moves the aggregator's watermark past them, so
 * that it does not count them again. For seeding benchmarks and test data; not for a live project
 * with ingest running, nor once raw events have been deleted by retention. Refused while another
 * project's rows wait for the aggregator (the watermark is one for all).
 */
export async function rebuildAggregates(db: Kysely<Database>, projectId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // The parts first, then the watermark row: the order a pass takes them in.
    await sql`select part from feedloop_aggregator_parts order by part for update`.execute(trx);
    const { rows } = await sql<{ others: boolean }>`
      select exists (
        select 1 from feedback where seq > (select last_seq from feedloop_aggregator for update) and project_id <> ${projectId}::uuid
        union all
        select 1 from exposures where seq > (select last_seq from feedloop_aggregator) and project_id <> ${projectId}::uuid
      ) as others`.execute(trx);
    if (rows[0]!.others) throw new Error('other projects have rows waiting for the aggregator: let it catch up first');
    for (const table of ['feedloop_aggregator_parts', 'feedloop_aggregator'] as const)
      await sql`update ${sql.table(table)} set last_seq = greatest(last_seq,
        (select case when is_called then last_value else 0 end from feedloop_ingest_seq))`.execute(trx);
    await writeRecount(trx, projectId);
  });
}

/** Replaces a project's rollups and first sightings with their recount from all its raw rows (no watermark). */
export async function writeRecount(trx: Kysely<Database>, projectId: string): Promise<void> {
  // Big GROUP BYs: sort in memory rather than in temporary files (this transaction only).
  await sql`set local work_mem = '256MB'`.execute(trx);
  for (const [table, { recomputed }] of Object.entries(expected(projectId))) {
    await sql`delete from ${sql.table(table)} where project_id = ${projectId}::uuid`.execute(trx);
    await sql`insert into ${sql.table(table)} ${recomputed}`.execute(trx);
  }
}
