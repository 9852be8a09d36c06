import { sql, type Kysely, type Transaction } from 'kysely';
import { columnList, unnestRows, type BulkColumn } from '../../db/bulk.js';
import type { Database, NewExposure, NewFeedback } from '../../db/schema.js';
import { applyAggregates } from '../aggregates/index.js';
import { enqueueFeedbackCreated } from '../webhooks/enqueue.js';
import { EXPOSURE_COLUMNS, FEEDBACK_COLUMNS } from './event-columns.js';
import type { EventRows } from './to-rows.js';

export interface WriteResult {
  /** `eventKey`s of the events this write stored; the others were already there. */
  inserted: Set<string>;
}

/** Identifies an event across projects: ids are unique per project only. */
export function eventKey(projectId: string, id: string): string {
  return `${projectId}/${id}`;
}

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
    // Webhook outbox and live-stream notification: they happen if and only if this commits.
    await enqueueFeedbackCreated(trx, feedback);
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
  const columns = (table === 'feedback' ? FEEDBACK_COLUMNS : EXPOSURE_COLUMNS) as BulkColumn<R>[];
  const result = await sql<{ project_id: string; id: string }>`
    insert into ${sql.table(table)} ${columnList(columns)}
    ${unnestRows(columns, sorted.map(([, row]) => row))}
    on conflict (project_id, id) do nothing
    returning project_id, id`.execute(trx);
  for (const r of result.rows) inserted.add(eventKey(r.project_id, r.id));
  return sorted.filter(([key]) => inserted.has(key)).map(([, row]) => row);
}
