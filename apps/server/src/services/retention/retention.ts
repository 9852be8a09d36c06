import { sql, type Kysely } from 'kysely';
import { RETENTION_LOCK_SQL } from '../../db/functions/locks.js';
import type { Database } from '../../db/schema.js';

/** Advisory lock key (per schema): one replica at a time runs the purge, and never during an erasure. */
const LOCK = sql.raw(RETENTION_LOCK_SQL);

export interface PurgeResult {
  feedback: number;
  exposures: number;
  /** prompt_shown / prompt_dismissed events (raw only: nothing waits for the aggregator). */
  promptEvents: number;
  /** Audit rows of the purged feedback items. */
  audit: number;
  /** Webhook deliveries (with their attempts) about the purged items. */
  deliveries: number;
  skipped?: 'locked';
}

const nothing = (): PurgeResult => ({ feedback: 0, exposures: 0, promptEvents: 0, audit: 0, deliveries: 0 });

/**
 * Deletes raw events received before the cutoff, in small batches (short transactions, no long
 * locks, WAL in bounded steps). Aggregates are kept: summaries of old periods stay available.
 *
 * A feedback item goes whole: with its row (which holds its triage state and what its submitter
 * was shown) go, in the same statement, its audit trail and the webhook deliveries whose payload
 * carries it, pending or logged. Retention exists so that what users wrote is gone after N days;
 * an audit trail or an outbox payload outliving the item would keep its text (public replies,
 * the comment) and point at nothing; so would a mail to its submitter (its address). Items whose row is locked by a triage change in flight are
 * left for the next batch: that change's audit row and delivery could not be seen and would stay.
 * Only rows the aggregator has passed are deleted: a row it has not counted yet waits for it.
 */
export async function purgeRawEvents(db: Kysely<Database>, cutoff: Date, batchSize = 5000): Promise<PurgeResult> {
  return db.connection().execute(async (conn) => {
    const locked = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${LOCK}) as ok`.execute(conn);
    if (!locked.rows[0]?.ok) return { ...nothing(), skipped: 'locked' as const };
    try {
      const result = nothing();
      for (;;) {
        const { rows } = await sql<{ feedback: number; audit: number; deliveries: number }>`
          with gone as (
            delete from feedback where ctid = any(array(
              select ctid from feedback where received_at < ${cutoff} and seq <= (select last_seq from feedloop_aggregator) limit ${batchSize} for update skip locked))
            returning project_id, id),
          audit as (
            delete from feedback_audit a using gone
            where a.project_id = gone.project_id and a.feedback_id = gone.id
            returning 1),
          deliveries as (
            delete from webhook_deliveries d using gone
            where d.project_id = gone.project_id and d.payload #>> '{data,feedback,id}' = gone.id::text
            returning 1),
          -- Mail about the item (pending or logged) holds its address and goes with it; executed
          -- though not counted (a data-modifying CTE always runs).
          mails as (
            delete from mail_outbox m using gone
            where m.project_id = gone.project_id and m.feedback_id = gone.id
            returning 1)
          select (select count(*) from gone)::int as feedback, (select count(*) from audit)::int as audit,
            (select count(*) from deliveries)::int as deliveries`.execute(conn);
        const n = rows[0]!;
        result.feedback += n.feedback;
        result.audit += n.audit;
        result.deliveries += n.deliveries;
        if (n.feedback < batchSize) break;
      }
      for (;;) {
        const deleted = await sql`
          delete from exposures where ctid = any(array(
            select ctid from exposures where received_at < ${cutoff} and seq <= (select last_seq from feedloop_aggregator) limit ${batchSize}))`.execute(conn);
        const n = Number(deleted.numAffectedRows ?? 0);
        result.exposures += n;
        if (n < batchSize) break;
      }
      for (;;) {
        const deleted = await sql`
          delete from prompt_events where ctid = any(array(
            select ctid from prompt_events where received_at < ${cutoff} limit ${batchSize}))`.execute(conn);
        const n = Number(deleted.numAffectedRows ?? 0);
        result.promptEvents += n;
        if (n < batchSize) break;
      }
      return result;
    } finally {
      await sql`select pg_advisory_unlock(${LOCK})`.execute(conn);
    }
  });
}
