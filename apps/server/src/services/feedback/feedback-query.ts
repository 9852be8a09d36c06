import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import type { FeedbackItem, FeedbackListQuery } from '@feedloop/protocol';
import { FEEDBACK_ITEM_COLUMNS } from '../../db/feedback-item.js';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { feedbackItemFields } from './item.js';

export type FeedbackFilters = Omit<FeedbackListQuery, 'limit' | 'cursor' | 'format'>;

/** Position after the last row of a page: its (occurred_at at microsecond precision, id). */
export interface Cursor {
  at: string;
  id: string;
}

/** Raw feedback matching the filters, newest first, from `after` on (columns chosen by the caller). */
function filtered(db: Kysely<Database>, projectId: string, f: FeedbackFilters, after: Cursor | undefined) {
  checkFilters(f);
  return db
    .selectFrom('feedback')
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
    // Every given tag, case-insensitively like triage's addTags / removeTags (beyond ASCII as far as
    // the database's locale lowercases). One parameter per tag, not an array parameter: the COPY
    // path inlines them as literals.
    .$if(f.tag !== undefined && f.tag.length > 0, (qb) =>
      qb.where(sql<boolean>`array(select lower(t) from unnest(feedback.tags) t) @> array[${sql.join(f.tag!.map((t) => sql`lower(${t})`))}]::text[]`),
    )
    .$if(f.hasComment !== undefined, (qb) => qb.where('comment', f.hasComment ? 'is not' : 'is', null))
    .$if(f.q !== undefined, (qb) => qb.where('comment', 'ilike', `%${escapeLike(f.q!)}%`))
    // One person's feedback (docs/privacy.md); indexed (migration 0013), emails lower-cased.
    .$if(f.userId !== undefined, (qb) => qb.where('user_id', '=', f.userId!))
    .$if(f.anonymousId !== undefined, (qb) => qb.where('anonymous_id', '=', f.anonymousId!))
    .$if(f.email !== undefined, (qb) => qb.where(sql<string>`lower(email)`, '=', sql<string>`lower(${f.email!})`))
    .$if(after !== undefined, (qb) =>
      qb.where(sql<boolean>`(occurred_at, id) < (${after!.at}::timestamptz, ${after!.id}::uuid)`),
    )
    // Qualified: the CSV select names its text columns occurred_at too, and ORDER BY prefers output names.
    .orderBy('feedback.occurred_at', 'desc')
    .orderBy('feedback.id', 'desc');
}

/** A row's keyset position (what pages and batches walk by). Microseconds survive: a millisecond Date would skip or repeat rows. */
const cursorAt = sql<string>`to_char(feedback.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at');

function select(db: Kysely<Database>, projectId: string, f: FeedbackFilters, after: Cursor | undefined) {
  return filtered(db, projectId, f, after).select(cursorAt).select(FEEDBACK_ITEM_COLUMNS);
}

type TextColumn =
  | 'feature' | 'rating_scale' | 'comment' | 'category' | 'status' | 'anonymous_id' | 'user_id' | 'session_id' | 'url'
  | 'app_version' | 'locale' | 'email' | 'public_reply' | 'issue_url';

/**
 * A cell a spreadsheet would run as a formula (first character = + - @, tab or carriage return)
 * gets a leading apostrophe (OWASP, CSV injection). Done in SQL so that PostgreSQL's own CSV
 * output (COPY) is safe too; csvCell applies the same rule (a no-op on these cells).
 */
function neutralised(column: TextColumn) {
  const ref = sql.ref(`feedback.${column}`);
  return sql<string | null>`case when ascii(${ref}) in (61, 43, 45, 64, 9, 13) then '''' || ${ref} else ${ref} end`.as(column);
}

const utc = (column: 'occurred_at' | 'received_at' | 'triaged_at' | 'status_changed_at') =>
  sql<string>`to_char(${sql.ref(`feedback.${column}`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as(column);

/**
 * The CSV columns, in CSV_HEADER's order, as PostgreSQL's text: no Date or JSON objects built
 * only to be printed again (the export's hot loop), jsonb in its canonical text form, user text
 * neutralised. The same cells whether PostgreSQL writes the CSV (COPY) or csvRow does.
 */
function csvColumns(qb: ReturnType<typeof filtered>) {
  return qb.select([
    sql<string>`feedback.id::text`.as('id'), utc('occurred_at'), utc('received_at'), neutralised('feature'),
    neutralised('rating_scale'), 'feedback.rating_value', neutralised('comment'), neutralised('category'), neutralised('status'),
    neutralised('anonymous_id'), neutralised('user_id'), neutralised('session_id'), neutralised('url'),
    sql<string>`feedback.experiments::text`.as('experiments'), neutralised('app_version'), neutralised('locale'),
    neutralised('email'), sql<string | null>`feedback.metadata::text`.as('metadata'), neutralised('public_reply'),
    neutralised('issue_url'),
    // A JSON array, like experiments and metadata: a tag may hold a comma, a semicolon or a quote.
    // (json, not jsonb: no binary form built only to be printed; most rows have no tags.)
    sql<string>`case when cardinality(feedback.tags) = 0 then '[]' else array_to_json(feedback.tags)::text end`.as('tags'),
    utc('triaged_at'), utc('status_changed_at'),
  ]);
}

function selectCsv(db: Kysely<Database>, projectId: string, f: FeedbackFilters, after: Cursor | undefined) {
  return csvColumns(filtered(db, projectId, f, after)).select(cursorAt);
}

/**
 * The whole CSV export as one `COPY (SELECT …) TO STDOUT (FORMAT csv)`: PostgreSQL writes the
 * CSV text and the service only forwards bytes (no row objects), from one snapshot. COPY takes no
 * bind parameters, so they are inlined as escaped literals (pg's escapeLiteral, which also
 * handles backslashes); an untyped literal takes its type from the context, like a parameter.
 */
export function copyCsvStatement(
  db: Kysely<Database>,
  projectId: string,
  f: FeedbackFilters,
  options: { limit?: number | undefined; cursor?: string | undefined } = {},
): string {
  let query = csvColumns(filtered(db, projectId, f, decodeCursor(options.cursor)));
  if (options.limit !== undefined) query = query.limit(options.limit);
  const compiled = query.compile();
  const used = new Set<number>();
  const text = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => {
    used.add(Number(n));
    return literal(compiled.parameters[Number(n) - 1]);
  });
  // Every parameter placed, no stray placeholder: anything else is a bug in this file.
  if (used.size !== compiled.parameters.length || [...used].some((n) => n < 1 || n > compiled.parameters.length)) {
    throw new Error('COPY statement: placeholders and parameters differ');
  }
  return `copy (${text}) to stdout with (format csv)`;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  throw new Error(`COPY statement: no literal for a ${typeof value} parameter`);
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

export interface BatchOptions {
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
