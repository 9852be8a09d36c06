/**
 * The hot path alone, no HTTP: the service's flush statement (`feedloop_ingest`, as writeEvents
 * sends it) against the plainest way PostgreSQL can store the same rows idempotently, a bare
 * `INSERT … SELECT FROM json_to_recordset(…) ON CONFLICT DO NOTHING` into a copy of the raw
 * table with its primary key as its only index. The same JSON flushes, the same batch size, the
 * same number of connections; each run starts right after a checkpoint, and the copy holds as
 * many rows as the raw table, so both insert into indexes of the same size.
 */
import pg from 'pg';
import { CpuMeter, INGEST_APPLICATION, type CpuCost } from '../cpu.js';
import { DATABASE_URL, withApplicationName } from '../service.js';
import { flushes } from './events.js';

export interface HotPathOptions {
  batchSize: number;
  concurrency: number;
  seconds: number;
}

export interface StatementResult {
  name: string;
  events: number;
  eventsPerSecond: number;
  cpu: CpuCost;
}

/** The copy of the raw table: every column but the ingest number, only the primary key. */
export const PLAIN_TABLE = 'bench_plain_feedback';

/** The columns of a flush's JSON rows, as `feedloop_ingest` reads them (db/functions/ingest.ts). */
const RECORD = `project_id uuid, id uuid, occurred_at timestamptz, received_at timestamptz, anonymous_id text, user_id text,
  session_id text, url text, experiments text, app_version text, locale text,
  feature text, rating_scale text, rating_value smallint, comment text, category text, email text, metadata text`;
const COLUMNS = `project_id, id, occurred_at, received_at, anonymous_id, user_id, session_id, url, experiments, app_version, locale,
  feature, rating_scale, rating_value, comment, category, email, metadata`;
const VALUES = `r.project_id, r.id, r.occurred_at, r.received_at, r.anonymous_id, r.user_id, r.session_id, r.url, r.experiments::jsonb,
  r.app_version, r.locale, r.feature, r.rating_scale, r.rating_value, r.comment, r.category, r.email, r.metadata::jsonb`;

/** A statement that stores one flush of JSON rows. */
export interface Statement {
  name: string;
  sql: string;
  params(json: string): unknown[];
}

/** What the service sends per flush (services/events/write-events.ts); these flushes have no exposures or prompt events. */
export const HOT_PATH: Statement = {
  name: 'hot path: feedloop_ingest(feedback, exposures, prompt_events)',
  sql: 'select project_id, id from feedloop_ingest($1::json, $2::json, $3::json)',
  params: (json) => [json, '[]', '[]'],
};

export const PLAIN_INSERT: Statement = {
  name: 'plain INSERT … SELECT FROM json_to_recordset ON CONFLICT DO NOTHING, primary key only',
  sql: `insert into ${PLAIN_TABLE} (${COLUMNS})
  select ${VALUES} from json_to_recordset($1::json) as r(${RECORD})
  on conflict (project_id, id) do nothing`,
  params: (json) => [json],
};

/** Creates the copy of `feedback` (in the schema `admin` works in): same columns but seq, same rows, primary key only. */
export async function createPlainTable(admin: pg.Client): Promise<void> {
  await admin.query(`create table ${PLAIN_TABLE} (like feedback including defaults)`);
  await admin.query(`alter table ${PLAIN_TABLE} drop column seq`);
  const { rows } = await admin.query<{ name: string }>(
    `select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [PLAIN_TABLE],
  );
  const columns = rows.map((r) => `"${r.name}"`).join(', ');
  await admin.query(`insert into ${PLAIN_TABLE} (${columns}) select ${columns} from feedback`);
  await admin.query(`alter table ${PLAIN_TABLE} add primary key (project_id, id)`);
  await admin.query(`vacuum (analyze) ${PLAIN_TABLE}, feedback`);
}

/** `concurrency` connections sending `statement` with fresh flushes back to back for `seconds`. */
export async function runStatement(
  statement: Statement,
  schema: string,
  projectId: string,
  meter: CpuMeter,
  options: HotPathOptions,
): Promise<StatementResult> {
  const next = flushes(projectId, options.batchSize);
  const clients = Array.from(
    { length: options.concurrency },
    () => new pg.Client({ connectionString: withApplicationName(DATABASE_URL, INGEST_APPLICATION), options: `-c search_path=${schema}` }),
  );
  await Promise.all(clients.map((c) => c.connect()));
  try {
    // One warm-up flush each: plans cached, as in a running service.
    await Promise.all(clients.map((c) => c.query(statement.sql, statement.params(next()))));
    // (The benchmark connects as a superuser.)
    await clients[0]!.query('checkpoint');
    let events = 0;
    const before = await meter.sample();
    const started = performance.now();
    const until = started + options.seconds * 1000;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < until) {
          const result = await client.query(statement.sql, statement.params(next()));
          events += result.rowCount ?? 0;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const after = await meter.sample();
    return { name: statement.name, events, eventsPerSecond: events / seconds, cpu: CpuMeter.cost(before, after, events, seconds) };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}
