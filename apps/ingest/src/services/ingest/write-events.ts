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
 * per flush, then (asyncCommit) a durability barrier. Only rows really inserted (not duplicates
 * of stored ids) are counted into the aggregates. Rows travel as one JSON document per table,
 * which Node serialises natively and PostgreSQL parses in one pass.
 */
export async function writeEvents(
  db: Kysely<Database>,
  rows: EventRows,
  options: { asyncCommit?: boolean } = {},
): Promise<WriteResult> {
  if (rows.feedback.length === 0 && rows.exposures.length === 0) return { inserted: new Set() };
  const asyncCommit = options.asyncCommit ?? false;
  const result = await sql<{ project_id: string; id: string }>`
    select project_id, id from feedloop_ingest(${JSON.stringify(firstOfEachKey(rows.feedback))}::json,
                                               ${JSON.stringify(firstOfEachKey(rows.exposures))}::json, ${asyncCommit})`.execute(db);
  // With asyncCommit the flush's transaction committed without waiting for the disk (its rollup
  // locks were released an fsync sooner, for the next flush); nothing is acknowledged before this
  // barrier has made that commit durable. Only on PostgreSQL: PGlite, one connection with no
  // concurrent flush to gain, keeps its commits synchronous.
  if (asyncCommit) await sql`select feedloop_wal_barrier()`.execute(db);
  const inserted = new Set<string>();
  for (const r of result.rows) inserted.add(eventKey(r.project_id, r.id));
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
