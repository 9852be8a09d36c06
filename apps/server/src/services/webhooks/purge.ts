import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Days a delivery stays in the outbox and its log, whatever became of it. */
export const DELIVERY_LOG_DAYS = 30;

/**
 * Deletes deliveries older than the log's span (their attempts cascade), in small batches.
 * Pending ones too: an active webhook gives up on a delivery within hours, so one still pending
 * after 30 days waits for a paused webhook, and a paused webhook's outbox must not grow without
 * bound (nor keep feedback text in payloads forever); a month-old event is stale anyway.
 */
export async function purgeDeliveryLog(db: Kysely<Database>, days = DELIVERY_LOG_DAYS, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await sql`
      delete from webhook_deliveries where (project_id, id) in (
        select project_id, id from webhook_deliveries
        where created_at < now() - ${days} * interval '1 day'
        limit ${batchSize})`.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
