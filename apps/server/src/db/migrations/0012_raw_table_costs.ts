import { sql, type Kysely } from 'kysely';

/**
 * Every index on a raw table costs every insert on the hot path. exposures_experiment_time
 * (project_id, experiment, occurred_at) is read by no query since the experiments API reads
 * rollups (docs/benchmarks.md, "The raw tables' indexes"): retention and verify-aggregates scan,
 * project deletion and idempotency use the primary key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists exposures_experiment_time`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index exposures_experiment_time on exposures (project_id, experiment, occurred_at)`.execute(db);
}
