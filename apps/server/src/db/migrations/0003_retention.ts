import { sql, type Kysely } from 'kysely';

/**
 * BRIN indexes on arrival time for the retention job: raw rows arrive in time order, so a BRIN
 * index stays a few pages large and costs the write path almost nothing, yet lets the job find
 * the oldest rows without scanning the tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index feedback_received_brin on feedback using brin (received_at)`.execute(db);
  await sql`create index exposures_received_brin on exposures using brin (received_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index feedback_received_brin`.execute(db);
  await sql`drop index exposures_received_brin`.execute(db);
}
