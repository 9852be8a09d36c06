import { sql, type Kysely } from 'kysely';

/**
 * What the write path as one server-side function needs in the schema: the record of a first
 * sighting that moved, the previous first sighting, the durability barrier's counter rows, room on
 * the rollups' pages for in-place updates, and one index less. The routines themselves live in
 * db/functions (re-applied when their text changes).
 */

const ROLLUP_TABLES = ['feature_daily', 'variant_feature_daily', 'variant_daily'];

export async function up(db: Kysely<unknown>): Promise<void> {
  // What a first-seen row did: appeared on to_day (from_day null), or moved from from_day to to_day.
  // kind 'x': exposed_users (feature null); kind 'f': feedback_users.
  await sql`create type feedloop_first_seen_move as (
    kind text, project_id uuid, experiment text, variant text, feature text, from_day date, to_day date)`.execute(db);
  for (const table of ['exposed_users', 'feedback_users']) {
    await db.schema.alterTable(table).addColumn('prev_first_at', 'timestamptz').execute();
  }
  await sql`create table feedloop_wal_barriers (backend_pid integer primary key, barriers bigint not null)`.execute(db);
  // Rollup rows are updated by every flush: free space on their pages keeps those updates HOT
  // (no new index entries, dead versions pruned in place).
  for (const table of ROLLUP_TABLES) await sql`alter table ${sql.table(table)} set (fillfactor = 50)`.execute(db);
  // (project_id, occurred_at) is the prefix of feedback_time_id (0002): one index less per insert.
  await db.schema.dropIndex('feedback_time').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ROLLUP_TABLES) await sql`alter table ${sql.table(table)} reset (fillfactor)`.execute(db);
  await db.schema.createIndex('feedback_time').on('feedback').columns(['project_id', 'occurred_at']).execute();
  await sql`drop table feedloop_wal_barriers`.execute(db);
  await sql`drop type feedloop_first_seen_move`.execute(db);
  for (const table of ['exposed_users', 'feedback_users']) {
    await db.schema.alterTable(table).dropColumn('prev_first_at').execute();
  }
}
