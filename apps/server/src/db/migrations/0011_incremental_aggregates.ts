import { sql, type Kysely } from 'kysely';

/**
 * Aggregates leave the ingest transaction: a flush stores raw rows only, and the aggregator
 * (db/functions/aggregate.ts) folds them into first sightings, rollups, live notices and the
 * webhook outbox afterwards, exactly once, by an ingest sequence and a watermark.
 *
 * Every raw row gets a number from one sequence shared by both tables (existing rows get theirs
 * here, in physical order). The watermark starts past all of them: the old write path has
 * aggregated every row stored before this migration. A BRIN index finds the rows past the
 * watermark at almost no cost per insert (rows arrive in sequence order, pages in order).
 *
 * The old write path's routines and the barrier's table go: routines are re-created from
 * db/functions after the migrations, but ones removed from there, or whose arguments change,
 * are dropped by a migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop procedure if exists feedloop_ingest_durable(json, json, json)`.execute(db);
  await sql`drop function if exists feedloop_ingest(json, json, boolean)`.execute(db);
  await sql`drop function if exists feedloop_wal_barrier()`.execute(db);
  await sql`drop table if exists feedloop_wal_barriers`.execute(db);

  await sql`create sequence feedloop_ingest_seq`.execute(db);
  for (const table of ['feedback', 'exposures']) {
    await sql`alter table ${sql.table(table)} add column seq bigint not null default nextval('feedloop_ingest_seq')`.execute(db);
    await sql`create index ${sql.id(`${table}_seq`)} on ${sql.table(table)} using brin (seq) with (pages_per_range = 16, autosummarize = on)`.execute(db);
  }

  await sql`
    create table feedloop_aggregator (
      id smallint primary key default 1 check (id = 1),
      -- Every raw row with seq <= last_seq is in every aggregate, and none above it.
      last_seq bigint not null,
      -- Every event acknowledged before this moment is in every aggregate.
      as_of timestamptz not null,
      passes bigint not null default 0
    )`.execute(db);
  await sql`
    insert into feedloop_aggregator (last_seq, as_of)
    select case when is_called then last_value else 0 end, now() from feedloop_ingest_seq`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table feedloop_aggregator`.execute(db);
  for (const table of ['feedback', 'exposures']) await sql`alter table ${sql.table(table)} drop column seq`.execute(db);
  await sql`drop sequence feedloop_ingest_seq`.execute(db);
  await sql`drop function if exists feedloop_ingest(json, json)`.execute(db);
  await sql`drop function if exists feedloop_aggregate(integer)`.execute(db);
  await sql`create table feedloop_wal_barriers (backend_pid integer primary key, barriers bigint not null)`.execute(db);
}
