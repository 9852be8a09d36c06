import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Days a finished delivery (delivered or given up) stays in the delivery log. */
export const DELIVERY_LOG_DAYS = 30;

/** Deletes finished deliveries older than the log's span (their attempts cascade), in small batches. */
export async function purgeDeliveryLog(db: Kysely<Database>, days = DELIVERY_LOG_DAYS, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await sql`
      delete from webhook_deliveries where (project_id, id) in (
        select project_id, id from webhook_deliveries
        where status <> 'pending' and created_at < now() - ${days} * interval '1 day'
        limit ${batchSize})`.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
