import { sql, type Kysely } from 'kysely';

/**
 * Cheaper aggregation, measured in docs/benchmarks.md:
 * - Every index on a raw table costs every insert on the hot path. exposures_experiment_time
 *   (project_id, experiment, occurred_at) is read by no query since the experiments API reads
 *   rollups: retention and verify-aggregates scan, project deletion and idempotency use the
 *   primary key.
 * - The aggregator's passes run in parallel over parts of the raw rows (by a hash of the
 *   anonymous id, db/functions/parts.ts), each part with its own watermark; feedloop_aggregator
 *   keeps the least of them, which every reader uses. Four parts, all starting at the watermark
 *   of today. The pass's arguments change: the old routine goes (routines are re-created from
 *   db/functions after the migrations).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists exposures_experiment_time`.execute(db);

  await sql`drop function if exists feedloop_aggregate(integer)`.execute(db);
  await sql`
    create table feedloop_aggregator_parts (
      part smallint primary key check (part >= 0),
      -- Every raw row of this part with seq <= last_seq is in every aggregate, and none above it.
      last_seq bigint not null,
      -- Every event of this part acknowledged before this moment is in every aggregate.
      as_of timestamptz not null
    )`.execute(db);
  await sql`
    insert into feedloop_aggregator_parts (part, last_seq, as_of)
    select p, a.last_seq, a.as_of from feedloop_aggregator a, generate_series(0, 3) p`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists feedloop_aggregate(integer, integer, integer)`.execute(db);
  await sql`drop table feedloop_aggregator_parts`.execute(db);
  await sql`create index exposures_experiment_time on exposures (project_id, experiment, occurred_at)`.execute(db);
}
