import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { ErasureCounts, ErasureResponse } from '@feedloop/protocol';
import { INGEST_LOCK_SQL, RETENTION_LOCK_SQL } from '../../db/functions/locks.js';
import { countedSql } from '../../db/functions/parts.js';
import { ANY_FEATURE, CATEGORY_COLUMNS, RATING_COLUMNS, ROLLUP_COLUMNS } from '../../db/rollup-columns.js';
import type { Database } from '../../db/schema.js';
import { actorOf, type Principal } from '../accounts/principal.js';
import { recordAudit } from '../audit/audit.js';
import { carriesIdentifier, identifierHashes, type Subject } from './subject.js';

export interface ErasureActor {
  principal: Principal | undefined;
  clientAddress: string | null;
}

const day = (column: RawBuilder<unknown>) => sql`(${column} at time zone 'UTC')::date`;
/** The instants a UTC day (a date column) spans: [start, end). */
const dayStart = (column: RawBuilder<unknown>) => sql`(${column}::timestamp at time zone 'UTC')`;
const dayEnd = (column: RawBuilder<unknown>) => sql`((${column} + 1)::timestamp at time zone 'UTC')`;

/** The histogram counters of the feedback rows aliased `f`, named as the rollup columns. */
const histogram = sql.join([
  ...RATING_COLUMNS.map(
    ({ scale, value, column }) => sql`count(*) filter (where f.rating_scale = ${sql.lit(scale)} and f.rating_value = ${sql.lit(value)}) as ${sql.ref(column)}`,
  ),
  ...CATEGORY_COLUMNS.map(({ category, column }) => sql`count(*) filter (where f.category = ${sql.lit(category)}) as ${sql.ref(column)}`),
]);
const subtracted = sql.join(ROLLUP_COLUMNS.map((c) => sql`${sql.ref(c)} = d.${sql.ref(c)} - g.${sql.ref(c)}`));

/**
 * Erases one person's data in one project, in one transaction, and corrects the aggregates in
 * it, so that they stay exactly what the aggregator would have made of the raw rows that remain
 * (`pnpm feedloop verify-aggregates` holds; counts drop by exactly what was erased):
 *
 * 1. Retention's lock (no purge deletes raw rows while the aggregates are corrected), then every
 *    part's watermark row FOR UPDATE, in part order, then the aggregator's row (the order a pass
 *    takes them: no deadlock): no pass runs until this commits, so the watermarks W cannot move.
 *    A row numbered up to its part's W is in the aggregates (db/functions/parts.ts), one above is not.
 * 2. The erasure's moment: the ingest lock taken exclusively for an instant waits for every
 *    flush in flight; while it is held, the sequence's last number drawn, E, and the time are
 *    read. Every flush is then wholly before the moment (committed, numbered up to E: erased) or
 *    wholly after it (numbered above E: kept, and counted by the aggregator as usual). So events
 *    acknowledged before the moment are erased, events accepted after it are kept.
 * 3. The rollups lose what the person's rows up to W added (counts, comments, histograms; a
 *    day's last time is recomputed from the rows that stay); rows above W are deleted without
 *    touching them: the aggregator has not counted them and now never will.
 * 4. First sightings (the distinct-user counts): a sighting of an erased anonymous id goes, and
 *    its user count with it, also where retention deleted the raw rows long ago; a sighting
 *    whose first event was erased moves to the earliest event that stays (its count moves from
 *    day to day), or goes when none stays.
 * 5. The raw rows go with their triage history (which holds copies of replies and tags),
 *    every webhook delivery, pending or logged, whose payload carries one of them, and the
 *    keyword alerts that quote one (with their alert.fired deliveries; their mails go by item). Triage state,
 *    public replies and submitter updates live in the feedback row itself.
 * 6. A receipt (salted hashes of the identifiers, never the identifiers) and an audit entry.
 *
 * Idempotent: a second erasure finds nothing and counts zeros (and leaves its own receipt).
 */
export async function eraseSubject(
  db: Kysely<Database>,
  projectId: string,
  subject: Subject,
  actor: ErasureActor,
): Promise<ErasureResponse> {
  const hashes = await identifierHashes(db, subject);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.raw(RETENTION_LOCK_SQL)})`.execute(trx);
    const parts = await sql<{ last_seq: number }>`select last_seq from feedloop_aggregator_parts order by part for update`.execute(trx);
    await sql`select 1 from feedloop_aggregator where id = 1 for update`.execute(trx);
    const W = parts.rows.map((p) => Number(p.last_seq));
    // The moment: with the ingest lock held exclusively, no flush is in flight (each one holds it
    // shared from before it draws a number to its commit), so every flush is wholly before the
    // moment (numbered up to E, committed) or wholly after it. Held for an instant only: a
    // savepoint rolled back releases the lock taken inside it.
    await sql`savepoint feedloop_erasure_moment`.execute(trx);
    await sql`select pg_advisory_xact_lock(${sql.raw(INGEST_LOCK_SQL)})`.execute(trx);
    const moment = await sql<{ end: number; at: Date }>`
      select case when is_called then last_value else 0 end as end, clock_timestamp() as at from feedloop_ingest_seq`.execute(trx);
    await sql`rollback to savepoint feedloop_erasure_moment`.execute(trx);
    const E = Number(moment.rows[0]!.end);
    const at = new Date(moment.rows[0]!.at);

    const ctx: Context = { trx, projectId, subject, W, E };
    await subtractRollups(ctx);
    const exposed = await correctExposedUsers(ctx);
    const feedbackUsers = await correctFeedbackUsers(ctx);
    // Buckets the person's events alone made: gone, like buckets that never were.
    await sql`delete from feature_daily where project_id = ${projectId}::uuid and count = 0`.execute(trx);
    await sql`delete from variant_feature_daily where project_id = ${projectId}::uuid and count = 0 and feedback_users = 0`.execute(trx);
    const raw = await deleteRaw(ctx);

    const counts: ErasureCounts = {
      ...raw,
      firstSightings: exposed.deleted + feedbackUsers.deleted,
      firstSightingsMoved: exposed.moved + feedbackUsers.moved,
    };
    const id = randomUUID();
    const who = actorOf(actor.principal);
    await trx
      .insertInto('privacy_erasures')
      .values({
        project_id: projectId,
        id,
        at,
        actor_type: who.type,
        actor_id: who.id,
        actor_label: who.label,
        identifier_hashes: hashes,
        counts: JSON.stringify(counts),
      })
      .execute();
    await recordAudit(trx, {
      principal: actor.principal,
      projectId,
      action: 'privacy.erased',
      target: { type: 'erasure', id },
      // The kinds of identifier and the counts: never the identifier.
      changes: { identifiers: Object.keys(subject).sort(), counts },
      clientAddress: actor.clientAddress,
    });
    return { erasureId: id, at: at.toISOString(), counts };
  });
}

interface Context {
  trx: Transaction<Database>;
  projectId: string;
  subject: Subject;
  /** The watermark: rows numbered up to it are in the aggregates. */
  /** The parts' watermarks, in part order. */
  W: readonly number[];
  /** The erasure's moment: rows numbered up to it are erased. */
  E: number;
}

/** Whether a raw row (aliased) is in the aggregates. */
const counted = (ctx: Context, alias: string) => sql.raw<boolean>(countedSql(ctx.W, `${alias}.seq`, `${alias}.anonymous_id`));

/** The person's rows of `table` (aliased): those counted by the aggregator, or all numbered up to the moment. */
function theirs(ctx: Context, table: 'feedback' | 'exposures', alias: string, upTo: 'counted' | number): RawBuilder<boolean> {
  const ref = (c: string) => sql.ref(`${alias}.${c}`);
  const numbered = upTo === 'counted' ? counted(ctx, alias) : sql`${ref('seq')} <= ${upTo}`;
  return sql<boolean>`${ref('project_id')} = ${ctx.projectId}::uuid and ${numbered} and ${carriesIdentifier(ctx.subject, table, alias)}`;
}

/** Rows of `table` (aliased) in the aggregates that are not the person's: what stays counted. */
function others(ctx: Context, table: 'feedback' | 'exposures', alias: string): RawBuilder<boolean> {
  const ref = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<boolean>`${ref('project_id')} = ${ctx.projectId}::uuid and ${counted(ctx, alias)} and not ${carriesIdentifier(ctx.subject, table, alias)}`;
}

/** Step 3: counts, comments and histograms of the person's counted rows, out of the daily rollups. */
async function subtractRollups(ctx: Context): Promise<void> {
  const { trx, projectId } = ctx;
  await sql`
    with g as (
      select f.feature, ${day(sql`f.occurred_at`)} as day, count(*) as n, count(f.comment) as comments, ${histogram}
      from feedback f where ${theirs(ctx, 'feedback', 'f', 'counted')}
      group by 1, 2
    )
    update feature_daily d
    set count = d.count - g.n, comments = d.comments - g.comments, ${subtracted},
      last_at = coalesce((
        select max(r.occurred_at) from feedback r
        where ${others(ctx, 'feedback', 'r')} and r.feature = d.feature
          and r.occurred_at >= ${dayStart(sql`d.day`)} and r.occurred_at < ${dayEnd(sql`d.day`)}), d.last_at)
    from g
    where d.project_id = ${projectId}::uuid and d.feature = g.feature and d.day = g.day`.execute(trx);

  await sql`
    with g as (
      select e.key as experiment, e.value as variant, f.feature, ${day(sql`f.occurred_at`)} as day,
        count(*) as n, count(f.comment) as comments, ${histogram}
      from feedback f cross join lateral jsonb_each_text(f.experiments) e
      where ${theirs(ctx, 'feedback', 'f', 'counted')}
      group by 1, 2, 3, 4
    )
    update variant_feature_daily d
    set count = d.count - g.n, comments = d.comments - g.comments, ${subtracted},
      last_at = coalesce((
        select max(r.occurred_at) from feedback r
        where ${others(ctx, 'feedback', 'r')} and r.feature = d.feature and r.experiments ->> d.experiment = d.variant
          and r.occurred_at >= ${dayStart(sql`d.day`)} and r.occurred_at < ${dayEnd(sql`d.day`)}), d.last_at)
    from g
    where d.project_id = ${projectId}::uuid and (d.experiment, d.variant, d.feature, d.day) = (g.experiment, g.variant, g.feature, g.day)`.execute(trx);

  await sql`
    with g as (
      select x.experiment, x.variant, ${day(sql`x.occurred_at`)} as day, count(*) as n
      from exposures x where ${theirs(ctx, 'exposures', 'x', 'counted')}
      group by 1, 2, 3
    )
    update variant_daily d set exposures = d.exposures - g.n
    from g
    where d.project_id = ${projectId}::uuid and (d.experiment, d.variant, d.day) = (g.experiment, g.variant, g.day)`.execute(trx);
}

/**
 * The new first time of each candidate sighting `c` (first_at, erased_first: the earliest of the
 * person's counted events for it, rest_first: the earliest of the others'): none for an erased
 * anonymous id; the earliest event that stays when an erased one was the first; else unchanged.
 */
function newFirst(ctx: Context): RawBuilder<Date | null> {
  const anonymous = ctx.subject.anonymousId === undefined ? sql`false` : sql`c.anonymous_id = ${ctx.subject.anonymousId}`;
  return sql`case when ${anonymous} then null
    when c.erased_first is not null and c.first_at >= c.erased_first then c.rest_first
    else c.first_at end`;
}

/**
 * After a `candidates` CTE of the table's sightings (its key columns, first_at, erased_first,
 * rest_first): `changed`, the candidates whose first time changes (to new_first), and `deleted`
 * and `moved`, the sightings that go (none left) or move to their new first time.
 */
function settleSightings(ctx: Context, table: 'exposed_users' | 'feedback_users', keys: readonly string[]): RawBuilder<unknown> {
  const target = sql.join(keys.map((k) => sql.ref(`t.${k}`)));
  const candidate = sql.join(keys.map((k) => sql.ref(`c.${k}`)));
  return sql`c0 as (
      select c.*, ${newFirst(ctx)} as new_first from candidates c
    ), changed as (
      select * from c0 where new_first is distinct from first_at
    ), deleted as (
      delete from ${sql.table(table)} t using changed c
      where t.project_id = ${ctx.projectId}::uuid and (${target}) = (${candidate}) and c.new_first is null
      returning 1
    ), moved as (
      update ${sql.table(table)} t set first_at = c.new_first from changed c
      where t.project_id = ${ctx.projectId}::uuid and (${target}) = (${candidate}) and c.new_first is not null
      returning 1
    )`;
}

interface SightingResult {
  deleted: number;
  moved: number;
}

/** Step 4 for exposures: exposed_users and variant_daily.exposed_users. */
async function correctExposedUsers(ctx: Context): Promise<SightingResult> {
  const { trx, projectId } = ctx;
  const key = sql`x.experiment = u.experiment and x.variant = u.variant and x.anonymous_id = u.anonymous_id`;
  const byAnonymous = ctx.subject.anonymousId === undefined ? sql`false` : sql`u.anonymous_id = ${ctx.subject.anonymousId}`;
  const { rows } = await sql<SightingResult>`
    with candidates as (
      select u.experiment, u.variant, u.anonymous_id, u.first_at,
        (select min(x.occurred_at) from exposures x where ${theirs(ctx, 'exposures', 'x', 'counted')} and ${key}) as erased_first,
        (select min(x.occurred_at) from exposures x where ${others(ctx, 'exposures', 'x')} and ${key}) as rest_first
      from exposed_users u
      where u.project_id = ${projectId}::uuid
        and (${byAnonymous} or (u.experiment, u.variant, u.anonymous_id) in (
          select x.experiment, x.variant, x.anonymous_id from exposures x where ${theirs(ctx, 'exposures', 'x', 'counted')}))
    ), ${settleSightings(ctx, 'exposed_users', ['experiment', 'variant', 'anonymous_id'])}, users as (
      select experiment, variant, day, sum(n) as n from (
        select experiment, variant, ${day(sql`first_at`)} as day, -1 as n from changed
        union all
        select experiment, variant, ${day(sql`new_first`)}, 1 from changed where new_first is not null
      ) m group by 1, 2, 3
    ), counted as (
      insert into variant_daily as d (project_id, experiment, variant, day, exposures, exposed_users, feedback_users)
      select ${projectId}::uuid, experiment, variant, day, 0, n, 0 from users where n <> 0
      order by 2, 3, 4
      on conflict (project_id, experiment, variant, day) do update set exposed_users = d.exposed_users + excluded.exposed_users
      returning 1
    )
    select (select count(*) from deleted)::int as deleted, (select count(*) from moved)::int as moved,
      (select count(*) from counted)::int as counted`.execute(trx);
  return { deleted: rows[0]!.deleted, moved: rows[0]!.moved };
}

/** Step 4 for feedback: feedback_users, per feature (variant_feature_daily) and for any feature (variant_daily). */
async function correctFeedbackUsers(ctx: Context): Promise<SightingResult> {
  const { trx, projectId } = ctx;
  const key = sql`f.anonymous_id = u.anonymous_id and f.experiments ->> u.experiment = u.variant
    and (u.feature = ${ANY_FEATURE} or f.feature = u.feature)`;
  const byAnonymous = ctx.subject.anonymousId === undefined ? sql`false` : sql`u.anonymous_id = ${ctx.subject.anonymousId}`;
  const { rows } = await sql<SightingResult>`
    with candidates as (
      select u.experiment, u.variant, u.feature, u.anonymous_id, u.first_at,
        (select min(f.occurred_at) from feedback f where ${theirs(ctx, 'feedback', 'f', 'counted')} and ${key}) as erased_first,
        (select min(f.occurred_at) from feedback f where ${others(ctx, 'feedback', 'f')} and ${key}) as rest_first
      from feedback_users u
      where u.project_id = ${projectId}::uuid
        and (${byAnonymous} or (u.experiment, u.variant, u.feature, u.anonymous_id) in (
          select e.key, e.value, k.feature, f.anonymous_id
          from feedback f cross join lateral jsonb_each_text(f.experiments) e
            cross join lateral (values (f.feature), (${ANY_FEATURE}::text)) k(feature)
          where ${theirs(ctx, 'feedback', 'f', 'counted')}))
    ), ${settleSightings(ctx, 'feedback_users', ['experiment', 'variant', 'feature', 'anonymous_id'])}, users as (
      select experiment, variant, feature, day, sum(n) as n from (
        select experiment, variant, feature, ${day(sql`first_at`)} as day, -1 as n from changed
        union all
        select experiment, variant, feature, ${day(sql`new_first`)}, 1 from changed where new_first is not null
      ) m group by 1, 2, 3, 4
    ), per_feature as (
      insert into variant_feature_daily as d (project_id, experiment, variant, feature, day, count, comments, feedback_users, last_at)
      select ${projectId}::uuid, experiment, variant, feature, day, 0, 0, n, 'epoch' from users
      where feature <> ${ANY_FEATURE} and n <> 0
      order by 2, 3, 4, 5
      on conflict (project_id, experiment, variant, feature, day) do update
        set feedback_users = d.feedback_users + excluded.feedback_users, last_at = greatest(d.last_at, excluded.last_at)
      returning 1
    ), any_feature as (
      insert into variant_daily as d (project_id, experiment, variant, day, exposures, exposed_users, feedback_users)
      select ${projectId}::uuid, experiment, variant, day, 0, 0, n from users
      where feature = ${ANY_FEATURE} and n <> 0
      order by 2, 3, 4
      on conflict (project_id, experiment, variant, day) do update set feedback_users = d.feedback_users + excluded.feedback_users
      returning 1
    )
    select (select count(*) from deleted)::int as deleted, (select count(*) from moved)::int as moved,
      (select count(*) from per_feature)::int + (select count(*) from any_feature)::int as counted`.execute(trx);
  return { deleted: rows[0]!.deleted, moved: rows[0]!.moved };
}

/** Step 5: the raw rows, their triage history, and the webhook deliveries and mails that carry them. */
async function deleteRaw(ctx: Context): Promise<Omit<ErasureCounts, 'firstSightings' | 'firstSightingsMoved'>> {
  const { trx, projectId, E } = ctx;
  const { rows } = await sql<Omit<ErasureCounts, 'firstSightings' | 'firstSightingsMoved' | 'exposures'> & { unaggregated: number }>`
    with gone as (
      delete from feedback f where ${theirs(ctx, 'feedback', 'f', E)}
      returning f.id, f.seq, f.anonymous_id, f.public_reply, f.notice_at
    ), history as (
      delete from feedback_audit a using gone
      where a.project_id = ${projectId}::uuid and a.feedback_id = gone.id
      returning 1
    ), alerts as (
      delete from alert_events e using gone
      where e.project_id = ${projectId}::uuid and e.feedback_id = gone.id
      returning e.id
    ), deliveries as (
      delete from webhook_deliveries d using gone
      where d.project_id = ${projectId}::uuid and d.payload #>> '{data,feedback,id}' = gone.id::text
      returning 1
    ), alert_deliveries as (
      delete from webhook_deliveries d using alerts
      where d.project_id = ${projectId}::uuid and d.event = 'alert.fired' and d.event_id = alerts.id
      returning 1
    ), mails as (
      delete from mail_outbox m
      where m.project_id = ${projectId}::uuid
        and (m.feedback_id in (select id from gone) or ${ctx.subject.email === undefined ? sql`false` : sql`m.recipient = lower(trim(${ctx.subject.email}))`})
      returning 1
    )
    select (select count(*) from gone)::int as feedback,
      (select count(*) from gone where not ${counted(ctx, 'gone')})::int as unaggregated,
      (select count(*) from gone where public_reply is not null)::int as replies,
      (select count(*) from gone where notice_at is not null)::int as "submitterUpdates",
      (select count(*) from history)::int as "triageChanges",
      (select count(*) from deliveries)::int + (select count(*) from alert_deliveries)::int as "webhookDeliveries",
      (select count(*) from mails)::int as mails,
      (select count(*) from alerts)::int as alerts`.execute(trx);
  // Prompt displays and dismissals: no sequence and no aggregate (prompt results read them raw),
  // so every one carrying an identifier goes, up to this statement.
  const prompts = await sql<{ n: number }>`
    with gone as (delete from prompt_events p where p.project_id = ${projectId}::uuid and ${carriesIdentifier(ctx.subject, 'prompt_events', 'p')} returning 1)
    select count(*)::int as n from gone`.execute(trx);
  const exposures = await sql<{ exposures: number; unaggregated: number }>`
    with gone as (delete from exposures x where ${theirs(ctx, 'exposures', 'x', E)} returning x.seq, x.anonymous_id)
    select count(*)::int as exposures, (count(*) filter (where not ${counted(ctx, 'gone')}))::int as unaggregated from gone`.execute(trx);
  const r = rows[0]!;
  const x = exposures.rows[0]!;
  return {
    feedback: r.feedback,
    exposures: x.exposures,
    unaggregated: r.unaggregated + x.unaggregated,
    triageChanges: r.triageChanges,
    replies: r.replies,
    submitterUpdates: r.submitterUpdates,
    webhookDeliveries: r.webhookDeliveries,
    mails: r.mails,
    promptEvents: prompts.rows[0]!.n,
    alerts: r.alerts,
  };
}
