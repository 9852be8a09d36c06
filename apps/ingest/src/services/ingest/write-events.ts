import type { Kysely, Transaction } from 'kysely';
import type { Database, NewFeedback } from '../../db/schema.js';
import { applyAggregates } from '../aggregates/index.js';
import type { EventRows } from './to-rows.js';

export interface WriteResult {
  /** Ids (lower-case) of the events stored by this write; the others were already there. */
  inserted: Set<string>;
}

/**
 * Stores raw events and updates the rollups in one transaction. Only rows that were really
 * inserted (not duplicates of stored ids) are counted into the aggregates.
 */
export async function writeEvents(db: Kysely<Database>, rows: EventRows): Promise<WriteResult> {
  if (rows.feedback.length === 0 && rows.exposures.length === 0) return { inserted: new Set() };
  return db.transaction().execute(async (trx) => {
    const inserted = new Set<string>();
    const feedback = await insertNew(trx, 'feedback', rows.feedback, inserted);
    const exposures = await insertNew(trx, 'exposures', rows.exposures, inserted);
    await applyAggregates(trx, { feedback, exposures });
    return { inserted };
  });
}

async function insertNew<R extends { project_id: string; id: string }>(
  trx: Transaction<Database>,
  table: 'feedback' | 'exposures',
  rows: readonly R[],
  inserted: Set<string>,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const stored = await trx
    .insertInto(table)
    .values(rows as unknown as NewFeedback[])
    .onConflict((oc) => oc.columns(['project_id', 'id']).doNothing())
    .returning('id')
    .execute();
  const ids = new Set(stored.map((r) => r.id));
  for (const id of ids) inserted.add(id);
  // A batch may repeat an id: the first occurrence is the one that was stored.
  const seen = new Set<string>();
  return rows.filter((row) => ids.has(row.id) && !seen.has(row.id) && seen.add(row.id));
}
