import type { Kysely } from 'kysely';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Database } from '../../db/schema.js';
import { CSV_HEADER, crlfRecords, csvRow } from './csv.js';
import { copyCsvStatement, csvBatches, type BatchOptions, type FeedbackFilters } from './feedback-query.js';

export interface CsvExportOptions {
  limit?: number | undefined;
  cursor?: string | undefined;
  /** Rows per keyset batch (tests: boundaries). */
  batchSize?: number;
  /** Force the keyset path even on PostgreSQL (tests compare the two paths). */
  via?: 'copy' | 'keyset';
}

/**
 * The CSV export of the matching feedback, header first, as chunks to stream. On PostgreSQL
 * (a pool) PostgreSQL writes the CSV itself (COPY … TO STDOUT, read as the consumer asks for
 * more: back-pressure reaches the server's socket); on PGlite, which cannot stream COPY, rows
 * come in keyset batches and csvRow formats them. Both give the same bytes.
 */
export async function* csvExport(
  database: { db: Kysely<Database>; pool?: pg.Pool | undefined },
  projectId: string,
  filters: FeedbackFilters,
  options: CsvExportOptions = {},
): AsyncGenerator<string | Buffer> {
  const statement = database.pool && options.via !== 'keyset' ? copyCsvStatement(database.db, projectId, filters, options) : undefined;
  yield CSV_HEADER.join(',') + '\r\n';
  if (statement && database.pool) yield* copyCsv(database.pool, statement);
  else yield* keysetCsv(database.db, projectId, filters, options);
}

async function* copyCsv(pool: pg.Pool, statement: string): AsyncGenerator<Buffer> {
  const client = await pool.connect();
  // Until COPY has finished, the connection is mid-protocol: an early exit (client gone, error)
  // must close it rather than hand it back to the pool.
  let finished = false;
  try {
    const stream = client.query(copyTo(statement));
    const crlf = crlfRecords();
    for await (const chunk of stream as AsyncIterable<Buffer>) yield crlf(chunk);
    finished = true;
  } finally {
    client.release(!finished);
  }
}

/** One chunk per batch: a few thousand rows per write keeps the export fast. */
async function* keysetCsv(db: Kysely<Database>, projectId: string, filters: FeedbackFilters, options: BatchOptions): AsyncGenerator<string> {
  for await (const batch of csvBatches(db, projectId, filters, options)) {
    let chunk = '';
    for (const row of batch) chunk += csvRow(row) + '\r\n';
    yield chunk;
  }
}
