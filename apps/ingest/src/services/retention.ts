import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Advisory lock key: one replica at a time runs the purge. */
const LOCK = 0x6665_6564; // "feed"

export interface PurgeResult {
  feedback: number;
  exposures: number;
  skipped?: 'locked';
}

/**
 * Deletes raw events received before the cutoff, in small batches (short transactions, no long
 * locks, WAL in bounded steps). Aggregates are kept: summaries of old periods stay available.
 */
export async function purgeRawEvents(db: Kysely<Database>, cutoff: Date, batchSize = 5000): Promise<PurgeResult> {
  return db.connection().execute(async (conn) => {
    const locked = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${LOCK}) as ok`.execute(conn);
    if (!locked.rows[0]?.ok) return { feedback: 0, exposures: 0, skipped: 'locked' as const };
    try {
      const result: PurgeResult = { feedback: 0, exposures: 0 };
      for (const table of ['feedback', 'exposures'] as const) {
        for (;;) {
          const deleted = await sql`
            delete from ${sql.table(table)} where ctid = any(array(
              select ctid from ${sql.table(table)} where received_at < ${cutoff} limit ${batchSize}))`.execute(conn);
          const n = Number(deleted.numAffectedRows ?? 0);
          result[table] += n;
          if (n < batchSize) break;
        }
      }
      return result;
    } finally {
      await sql`select pg_advisory_unlock(${LOCK})`.execute(conn);
    }
  });
}
