import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { FeedbackItem, FeedbackListQuery } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { feedbackItemFields } from '../feedback-item.js';

export type FeedbackFilters = Omit<FeedbackListQuery, 'limit' | 'cursor' | 'format'>;

/** Position after the last row of a page: its (occurred_at at microsecond precision, id). */
export interface Cursor {
  at: string;
  id: string;
}

const COLUMNS = [
  'id', 'occurred_at', 'received_at', 'feature', 'rating_scale', 'rating_value', 'comment', 'category', 'status',
  'anonymous_id', 'user_id', 'session_id', 'url', 'experiments', 'app_version', 'locale', 'email', 'metadata',
] as const;

/** Raw feedback matching the filters, newest first, from `after` on (columns chosen by the caller). */
function filtered(db: Kysely<Database>, projectId: string, f: FeedbackFilters, after: Cursor | undefined) {
  checkFilters(f);
  return db
    .selectFrom('feedback')
    // Microseconds survive in the cursor: a millisecond Date would skip or repeat rows.
    .select(sql<string>`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'))
    .select('id')
    .where('project_id', '=', projectId)
    .$if(f.from !== undefined, (qb) => qb.where('occurred_at', '>=', new Date(f.from!)))
    .$if(f.to !== undefined, (qb) => qb.where('occurred_at', '<', new Date(f.to!)))
    .$if(f.feature !== undefined, (qb) => qb.where('feature', '=', f.feature!))
    .$if(f.experiment !== undefined && f.variant === undefined, (qb) =>
      qb.where(sql<boolean>`experiments ->> ${f.experiment!}::text is not null`),
    )
    .$if(f.variant !== undefined, (qb) => qb.where(sql<boolean>`experiments ->> ${f.experiment!}::text = ${f.variant!}`))
    .$if(f.category !== undefined, (qb) => qb.where('category', '=', f.category!))
    .$if(f.scale !== undefined, (qb) => qb.where('rating_scale', '=', f.scale!))
    .$if(f.rating !== undefined, (qb) => qb.where('rating_value', '=', f.rating!))
    .$if(f.status !== undefined, (qb) => qb.where('status', '=', f.status!))
    .$if(f.hasComment !== undefined, (qb) => qb.where('comment', f.hasComment ? 'is not' : 'is', null))
    .$if(f.q !== undefined, (qb) => qb.where('comment', 'ilike', `%${escapeLike(f.q!)}%`))
    .$if(after !== undefined, (qb) =>
      qb.where(sql<boolean>`(occurred_at, id) < (${after!.at}::timestamptz, ${after!.id}::uuid)`),
    )
    // Qualified: the CSV select names its text columns occurred_at too, and ORDER BY prefers output names.
    .orderBy('feedback.occurred_at', 'desc')
    .orderBy('feedback.id', 'desc');
}

function select(db: Kysely<Database>, projectId: string, f: FeedbackFilters, after: Cursor | undefined) {
  return filtered(db, projectId, f, after).select(COLUMNS);
}

/**
 * The CSV columns as PostgreSQL's text: no Date or JSON objects built only to be printed again
 * (the export's hot loop), jsonb in its canonical text form.
 */
function selectCsv(db: Kysely<Database>, projectId: string, f: FeedbackFilters, after: Cursor | undefined) {
  const utc = (column: 'occurred_at' | 'received_at') =>
    sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as(column);
  return filtered(db, projectId, f, after).select([
    utc('occurred_at'), utc('received_at'), 'feature', 'rating_scale', 'rating_value', 'comment', 'category', 'status',
    'anonymous_id', 'user_id', 'session_id', 'url', sql<string>`experiments::text`.as('experiments'), 'app_version', 'locale',
    'email', sql<string | null>`metadata::text`.as('metadata'),
  ]);
}

/** Filter combinations that make no sense: 400, before anything is sent. */
export function checkFilters(f: FeedbackFilters, cursor?: string): void {
  if (f.variant !== undefined && f.experiment === undefined) {
    throw new HttpError(400, 'invalid_query', 'variant needs experiment');
  }
  if (f.rating !== undefined && f.scale === undefined) throw new HttpError(400, 'invalid_query', 'rating needs scale');
  decodeCursor(cursor);
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
export type CsvRecord = Awaited<ReturnType<ReturnType<typeof selectCsv>['execute']>>[number];
export type { Row as FeedbackRowWithCursor };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function toItem(r: Row): FeedbackItem {
  // The cursor carries microseconds; the API shows milliseconds like every other timestamp.
  return { ...feedbackItemFields(r), occurredAt: r.cursor_at.replace(/(\.\d{3})\d{3}Z$/, '$1Z') };
}

/** One page and the cursor of the next (null at the end). */
export async function feedbackPage(
  db: Kysely<Database>,
  projectId: string,
  filters: FeedbackFilters,
  limit: number,
  cursor: string | undefined,
): Promise<{ feedback: FeedbackItem[]; nextCursor: string | null }> {
  const rows = await select(db, projectId, filters, decodeCursor(cursor)).limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    feedback: page.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
  };
}

interface BatchOptions {
  limit?: number | undefined;
  batchSize?: number;
  cursor?: string | undefined;
}

/**
 * Every matching row, in batches walked by keyset (each batch an index range scan from the
 * previous one's end): memory stays about two batches whatever the export's size, on both drivers.
 * The next batch is already being read while the caller formats the current one.
 */
async function* batches<R extends { cursor_at: string; id: string }>(
  fetch: (after: Cursor | undefined, limit: number) => Promise<R[]>,
  options: BatchOptions,
): AsyncGenerator<R[]> {
  const batchSize = options.batchSize ?? 5_000;
  let remaining = options.limit ?? Infinity;
  let next: Promise<R[]> | undefined = fetch(decodeCursor(options.cursor), Math.min(batchSize, remaining));
  while (next) {
    const rows: R[] = await next;
    remaining -= rows.length;
    const last = rows.at(-1);
    next = last && rows.length === batchSize && remaining > 0 ? fetch({ at: last.cursor_at, id: last.id }, Math.min(batchSize, remaining)) : undefined;
    // A prefetch that fails while the caller is busy is reported by the next await, not as unhandled.
    next?.catch(() => {});
    if (rows.length > 0) yield rows;
  }
}

/** Rows as the JSON API shapes them (toItem). */
export function feedbackBatches(db: Kysely<Database>, projectId: string, filters: FeedbackFilters, options: BatchOptions = {}) {
  return batches((after, limit) => select(db, projectId, filters, after).limit(limit).execute(), options);
}

/** Rows with the CSV columns as text (csvRow). */
export function csvBatches(db: Kysely<Database>, projectId: string, filters: FeedbackFilters, options: BatchOptions = {}) {
  return batches((after, limit) => selectCsv(db, projectId, filters, after).limit(limit).execute(), options);
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString('base64url');
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/;

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new HttpError(400, 'invalid_query', 'cursor is not one this API returned');
  return { at: match[1]!, id: match[2]! };
}
