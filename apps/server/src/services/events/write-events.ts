import { sql, type Kysely } from 'kysely';
import type { Database, NewExposure, NewFeedback } from '../../db/schema.js';
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
 * Stores raw events, updates every rollup, notifies the live stream and fills the webhook
 * outbox: one call of `feedloop_ingest` (migration 0005), so one statement and one transaction
 * per flush. With asyncCommit that transaction commits without waiting for the disk (its rollup
 * locks are free for the next flush an fsync sooner), and a durability barrier follows before
 * anything is acknowledged; both run in one round trip, as the procedure
 * `feedloop_ingest_durable` (migration 0008). Only rows really inserted (not duplicates of stored
 * ids) are counted into the aggregates. Rows travel as one JSON document per table, which Node
 * serialises natively and PostgreSQL parses in one pass.
 */
export async function writeEvents(
  db: Kysely<Database>,
  rows: EventRows,
  options: { asyncCommit?: boolean } = {},
): Promise<WriteResult> {
  if (rows.feedback.length === 0 && rows.exposures.length === 0) return { inserted: new Set() };
  const feedback = JSON.stringify(firstOfEachKey(rows.feedback));
  const exposures = JSON.stringify(firstOfEachKey(rows.exposures));
  const inserted = new Set<string>();
  if (options.asyncCommit) {
    // PostgreSQL only: PGlite, one connection with no concurrent flush to gain, keeps its commits
    // synchronous (and a CALL that commits inside needs a server that is not in a transaction).
    const { rows: result } = await sql<{ inserted: [string, string][] }>`
      call feedloop_ingest_durable(${feedback}::json, ${exposures}::json, null)`.execute(db);
    for (const [projectId, id] of result[0]!.inserted) inserted.add(eventKey(projectId, id));
  } else {
    const { rows: result } = await sql<{ project_id: string; id: string }>`
      select project_id, id from feedloop_ingest(${feedback}::json, ${exposures}::json, false)`.execute(db);
    for (const r of result) inserted.add(eventKey(r.project_id, r.id));
  }
  return { inserted };
}

/** A batch may repeat an id (retries merged into one flush): its first occurrence is the one stored. */
function firstOfEachKey<R extends NewFeedback | NewExposure>(rows: readonly R[]): R[] {
  const unique = new Map<string, R>();
  for (const row of rows) {
    const key = eventKey(row.project_id, row.id);
    if (!unique.has(key)) unique.set(key, row);
  }
  return unique.size === rows.length ? (rows as R[]) : [...unique.values()];
}
