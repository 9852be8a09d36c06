/**
 * The aggregator's cost per row, alone (no HTTP, no concurrent ingest), for comparing changes of
 * db/functions/aggregate.ts by CPU rather than by wall-clock on a shared machine:
 * `npx tsx apps/server/bench/aggregate-pass.ts` (env: DATABASE_URL, BENCH_ROWS (400000),
 * BENCH_WARM_ROWS (100000), BENCH_PASS_ROWS (20000)). In a schema of its own it stores the ingest
 * benchmark's events through feedloop_ingest (200-event flushes), folds the first BENCH_WARM_ROWS
 * in (first sightings already known, as in a running service), then times passes over the rest:
 * the aggregator backend's CPU (/proc) per row, and wall time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { processCpuSeconds } from './cpu.js';
import { flushes } from './ingest/events.js';
import { DATABASE_URL } from './service.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { aggregate } from '../src/db/functions/aggregate.js';

/** BENCH_TIMING=1: the pass with a notice of the time spent before each marked step, summed over the passes. */
const MARKS = ['-- 3. The window', '  select coalesce(array_agg(f order by', '  -- 3a.', '  -- Feedback counts once', '  -- 3b.', '  insert into variant_feature_daily', '  insert into variant_daily', '  -- 3c.', '  -- A webhook gets', '  -- 5.', '  perform 1 from feedloop_aggregator a', '  update feedloop_aggregator a', '  return query select cardinality'];
function timed(text: string): string {
  let out = text.replace('declare', 'declare\n  v_t timestamptz := clock_timestamp();');
  MARKS.forEach((mark, i) => {
    out = out.replace(mark, `raise notice 'step ${i} %', extract(epoch from clock_timestamp() - v_t); v_t := clock_timestamp();\n${mark}`);
  });
  return out;
}
const steps = new Map<string, number>();
let counting = false;

const ROWS = Number(process.env.BENCH_ROWS || 400_000);
const WARM = Number(process.env.BENCH_WARM_ROWS || 100_000);
const PASS = Number(process.env.BENCH_PASS_ROWS || 20_000);

const schema = `bench_agg_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
try {
  const database = await openDatabase({ url: DATABASE_URL, dataDir: '', schema, poolSize: 1 });
  await migrateToLatest(database.db, schema);
  await database.db.destroy();
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  if (process.env.BENCH_BTREE) for (const t of ['feedback', 'exposures']) await client.query(`drop index ${t}_seq; create index ${t}_seq on ${t} (seq)`);
  client.on('notice', (n) => {
    const m = /^step (\d+) (\S+)/.exec(n.message ?? '');
    if (m && counting) steps.set(MARKS[Number(m[1])]!, (steps.get(MARKS[Number(m[1])]!) ?? 0) + Number(m[2]));
  });
  if (process.env.BENCH_TIMING) await client.query(timed(aggregate));
  const projectId = randomUUID();
  await client.query(`insert into projects (id, name) values ($1, 'bench')`, [projectId]);
  const next = flushes(projectId, 200, Math.ceil(ROWS / 200)); // every event its own user and feature draw
  for (let stored = 0; stored < ROWS; stored += 200) await client.query('select count(*) from feedloop_ingest($1::json, $2::json)', [next(), '[]']);
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const pass = async (c = client, worker = 0, workers = 1) =>
    (await c.query<{ rows: number; more: boolean }>('select * from feedloop_aggregate($1::integer, $2, $3)', [PASS, worker, workers])).rows[0]!;
  let warm = 0;
  while (warm < WARM) warm += (await pass()).rows;
  // BENCH_WORKERS=n: n connections, each running its worker's passes (the CPU is the sum of their backends').
  const WORKERS = Number(process.env.BENCH_WORKERS || 1);
  if (WORKERS > 1) {
    const clients = await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        const c = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
        await c.connect();
        return { c, pid: (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid };
      }),
    );
    const cpu0 = clients.reduce((a, { pid: p }) => a + processCpuSeconds(p), 0);
    const t0 = performance.now();
    let total = 0;
    await Promise.all(
      clients.map(async ({ c }, i) => {
        for (;;) {
          const r = await pass(c, i, WORKERS);
          total += r.rows;
          if (!r.more) break;
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    const cpuSecs = clients.reduce((a, { pid: p }) => a + processCpuSeconds(p), 0) - cpu0;
    console.log(`${total} rows, ${WORKERS} workers: backend CPU ${((cpuSecs * 1e6) / total).toFixed(1)} µs per row, wall ${((secs * 1e6) / total).toFixed(1)} µs per row (${Math.round(total / secs)} rows/s)`);
    await Promise.all(clients.map(({ c }) => c.end()));
  }
  if (WORKERS === 1) {
  if (process.env.BENCH_EXPLAIN) {
    // One pass's plans with their times (auto_explain, sent to this client as notices).
    client.on('notice', (n) => n.message?.includes('Query Text') && console.log(n.message));
    await client.query(`load 'auto_explain'; set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on;
      set auto_explain.log_nested_statements = on; set auto_explain.log_level = notice`);
  }
  let rows = 0;
  let passes = 0;
  counting = true;
  const cpu = processCpuSeconds(pid);
  const started = performance.now();
  for (;;) {
    const r = await pass();
    rows += r.rows;
    passes += 1;
    if (!r.more) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = processCpuSeconds(pid) - cpu;
  console.log(
    `${rows} rows in ${passes} passes of ≤ ${PASS}: backend CPU ${((cpuSeconds * 1e6) / rows).toFixed(1)} µs per row, wall ${((seconds * 1e6) / rows).toFixed(1)} µs per row (${Math.round(rows / seconds)} rows/s)`,
  );
  // Each mark's time is that of the step before it.
  for (const [mark, secs] of steps) console.log(`  ${((secs * 1e6) / rows).toFixed(1)} µs per row before ${mark.trim()}`);
  }
  await client.end();
} finally {
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
