import { sql, type Kysely } from 'kysely';
import type { Database, NewExposure, NewFeedback, NewPromptEvent } from '../../db/schema.js';
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
 * Stores raw events, and only them: one call of `feedloop_ingest` (db/functions/ingest.ts), so
 * one statement and one synchronously committed transaction per flush. Duplicates of stored ids
 * are not inserted. The aggregator derives everything else afterwards. Rows travel as one JSON
 * document per table, which Node serialises natively and PostgreSQL parses in one pass.
 */
export async function writeEvents(db: Kysely<Database>, rows: EventRows): Promise<WriteResult> {
  if (rows.feedback.length === 0 && rows.exposures.length === 0 && rows.promptEvents.length === 0) return { inserted: new Set() };
  const feedback = JSON.stringify(firstOfEachKey(rows.feedback));
  const exposures = JSON.stringify(firstOfEachKey(rows.exposures));
  const promptEvents = JSON.stringify(firstOfEachKey(rows.promptEvents));
  const { rows: result } = await sql<{ project_id: string; id: string }>`
    select project_id, id from feedloop_ingest(${feedback}::json, ${exposures}::json, ${promptEvents}::json)`.execute(db);
  const inserted = new Set<string>();
  for (const r of result) inserted.add(eventKey(r.project_id, r.id));
  return { inserted };
}

/** A batch may repeat an id (retries merged into one flush): its first occurrence is the one stored. */
function firstOfEachKey<R extends NewFeedback | NewExposure | NewPromptEvent>(rows: readonly R[]): R[] {
  const unique = new Map<string, R>();
  for (const row of rows) {
    const key = eventKey(row.project_id, row.id);
    if (!unique.has(key)) unique.set(key, row);
  }
  return unique.size === rows.length ? (rows as R[]) : [...unique.values()];
}
