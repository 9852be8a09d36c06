import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { sortedByKey } from './experiments-of.js';
import { utcDay } from './feature-deltas.js';

/** The first-seen tables and their keys (project first, the user last). */
const KEYS = {
  exposed_users: ['project_id', 'experiment', 'variant', 'anonymous_id'],
  feedback_users: ['project_id', 'experiment', 'variant', 'feature', 'anonymous_id'],
} as const;
export type FirstSeenTable = keyof typeof KEYS;

export interface Sighting {
  /** Values of the table's key columns, in order. */
  key: readonly string[];
  at: Date;
}

/** A user's first day moved: counted on `to` now, and no longer on `from` (null: a new user). */
export interface Move {
  key: readonly string[];
  from: string | null;
  to: string;
}

const CHUNK = 2_000;

/**
 * Records sightings in a first-seen table, keeping the earliest time per user, and says which
 * users' first day changed. Events can arrive out of order (client clocks, retries), so a later
 * insert may carry an earlier time: the row then moves back and its counter moves with it. The
 * result is exactly min(occurred_at) per user, which verify-aggregates recomputes from raw rows.
 * Rows are touched in key order, so concurrent transactions cannot deadlock.
 */
export async function recordFirstSeen(
  trx: Transaction<Database>,
  table: FirstSeenTable,
  sightings: readonly Sighting[],
): Promise<Move[]> {
  const earliest = new Map<string, Sighting>();
  for (const s of sightings) {
    const id = s.key.join('\u0000');
    const seen = earliest.get(id);
    if (!seen || s.at < seen.at) earliest.set(id, s);
  }
  const sorted = sortedByKey(earliest);
  const moves: Move[] = [];
  for (let start = 0; start < sorted.length; start += CHUNK) {
    moves.push(...(await recordChunk(trx, table, sorted.slice(start, start + CHUNK))));
  }
  return moves;
}

async function recordChunk(trx: Transaction<Database>, table: FirstSeenTable, chunk: readonly Sighting[]): Promise<Move[]> {
  const columns = KEYS[table];
  const keyList = sql.join(columns.map((c) => sql.ref(c)));
  const values = sql.join(chunk.map((s) => sql`(${sql.join([...s.key.map((v) => sql`${v}`), sql`${s.at}`])})`));
  const inserted = await sql<Record<string, string>>`
    insert into ${sql.table(table)} (${keyList}, first_at) values ${values}
    on conflict do nothing
    returning ${keyList}`.execute(trx);
  const isNew = new Set(inserted.rows.map((row) => columns.map((c) => row[c]).join('\u0000')));
  const moves: Move[] = [];
  const known: Sighting[] = [];
  for (const s of chunk) {
    if (isNew.has(s.key.join('\u0000'))) moves.push({ key: s.key, from: null, to: utcDay(s.at) });
    else known.push(s);
  }
  if (known.length === 0) return moves;

  // Known users seen earlier than recorded: lock those rows (in key order), then move them back.
  const typed = sql.join(known.map((s) => sql`(${sql.join([...s.key.map((v, i) => cast(v, columns[i]!)), sql`${s.at}::timestamptz`])})`));
  const vColumns = sql.join([...columns.map((c) => sql.ref(c)), sql.ref('at')]);
  const matches = sql.join(columns.map((c) => sql`t.${sql.ref(c)} = v.${sql.ref(c)}`), sql` and `);
  const earlier = await sql<Record<string, string> & { first_at: Date; at: Date }>`
    select ${sql.join(columns.map((c) => sql`t.${sql.ref(c)}`))}, t.first_at, v.at
    from ${sql.table(table)} t join (values ${typed}) as v(${vColumns}) on ${matches}
    where v.at < t.first_at
    order by ${sql.join(columns.map((c) => sql`t.${sql.ref(c)}`))}
    for update of t`.execute(trx);
  if (earlier.rows.length === 0) return moves;
  const updates = sql.join(
    earlier.rows.map((r) => sql`(${sql.join([...columns.map((c) => cast(r[c]!, c)), sql`${r.at}::timestamptz`])})`),
  );
  await sql`
    update ${sql.table(table)} t set first_at = v.at
    from (values ${updates}) as v(${vColumns})
    where ${matches}`.execute(trx);
  for (const r of earlier.rows) {
    const from = utcDay(new Date(r.first_at));
    const to = utcDay(new Date(r.at));
    if (from !== to) moves.push({ key: columns.map((c) => r[c]!), from, to });
  }
  return moves;
}

/** VALUES lists outside an INSERT need explicit types. */
function cast(value: string, column: string): RawBuilder<unknown> {
  return column === 'project_id' ? sql`${value}::uuid` : sql`${value}::text`;
}
