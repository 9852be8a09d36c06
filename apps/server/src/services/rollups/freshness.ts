import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** How far the aggregates have got. */
export interface Freshness {
  /** Every raw row numbered up to here is in every aggregate. */
  lastSeq: number;
  /** The last number drawn by ingest. */
  endSeq: number;
  /** Every event acknowledged before this moment is in every aggregate. */
  asOf: Date;
}

/**
 * The aggregates' freshness: with nothing drawn past the watermark, every acknowledged event is
 * in, so they are fresh as of now; otherwise as of the last pass that reached the end it saw.
 */
export async function readFreshness(db: Kysely<Database>): Promise<Freshness> {
  const { rows } = await sql<{ last_seq: number; end_seq: number; as_of: Date; now: Date }>`
    select a.last_seq, a.as_of, s.end_seq, clock_timestamp() as now
    from feedloop_aggregator a,
      lateral (select case when is_called then last_value else 0 end as end_seq from feedloop_ingest_seq) s`.execute(db);
  const row = rows[0]!;
  const lastSeq = Number(row.last_seq);
  const endSeq = Number(row.end_seq);
  return { lastSeq, endSeq, asOf: new Date(endSeq <= lastSeq ? row.now : row.as_of) };
}

/**
 * Waits (at most `timeoutMs`) until the aggregates hold every event acknowledged before
 * `moment`: a caller reads its own writes without sleeping. Resolves with the freshness reached,
 * which may still be earlier than `moment` when the time ran out.
 */
export async function waitForFreshness(db: Kysely<Database>, moment: Date, timeoutMs: number, pollMs = 15): Promise<Freshness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const freshness = await readFreshness(db);
    if (freshness.asOf >= moment || Date.now() >= deadline) return freshness;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
