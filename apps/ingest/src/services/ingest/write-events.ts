import type { Kysely, Transaction } from 'kysely';
import type { Database, NewExposure, NewFeedback } from '../../db/schema.js';
import { applyAggregates } from '../aggregates/index.js';
import type { EventRows } from './to-rows.js';

export interface WriteResult {
  /** `eventKey`s of the events this write stored; the others were already there. */
  inserted: Set<string>;
}

/** Identifies an event across projects: ids are unique per project only. */
export function eventKey(projectId: string, id: string): string {
  return `${projectId}/${id}`;
}

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

/**
 * Stores raw events and updates the rollups in one transaction. Only rows really inserted (not
 * duplicates of stored ids) are counted into the aggregates. Rows are written in key order so
 * that concurrent transactions, in this process or another, wait on each other instead of
 * deadlocking.
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

async function insertNew<R extends NewFeedback | NewExposure>(
  trx: Transaction<Database>,
  table: 'feedback' | 'exposures',
  rows: readonly R[],
  inserted: Set<string>,
): Promise<R[]> {
  if (rows.length === 0) return [];
  // One row per key (a batch may repeat an id: its first occurrence is the one stored), sorted.
  const unique = new Map<string, R>();
  for (const row of rows) {
    const key = eventKey(row.project_id, row.id);
    if (!unique.has(key)) unique.set(key, row);
  }
  const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const chunkSize = Math.floor(MAX_PARAMETERS / Object.keys(rows[0]!).length);
  const stored: R[] = [];
  for (let start = 0; start < sorted.length; start += chunkSize) {
    const chunk = sorted.slice(start, start + chunkSize).map(([, row]) => row);
    const result = await trx
      .insertInto(table)
      .values(chunk as never)
      .onConflict((oc) => oc.columns(['project_id', 'id']).doNothing())
      .returning(['project_id', 'id'])
      .execute();
    for (const r of result) inserted.add(eventKey(r.project_id, r.id));
  }
  for (const [key, row] of sorted) if (inserted.has(key)) stored.push(row);
  return stored;
}
