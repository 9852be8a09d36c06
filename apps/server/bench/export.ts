/**
 * pnpm bench:export — the CSV export (`GET /v1/feedback?format=csv`) of BENCH_EXPORT_ROWS
 * feedback rows (default 1,000,000) on real PostgreSQL, against baselines measured in the same run:
 *
 *   1. seeds that many feedback rows (no exposures, no rollups: the export reads only the raw
 *      table) into a schema of its own; 10 % of them triaged (tags, reply, link);
 *   2. baseline: PostgreSQL's plain `COPY (SELECT * … ORDER BY …) TO STDOUT (FORMAT csv)` of the
 *      same rows in the same order, read by this process (no HTTP, no formatting): the ceiling;
 *   3. for reference, the keyset path (batches of 5,000, formatted in JavaScript: what PGlite
 *      uses, and what PostgreSQL used before COPY), run in this process;
 *   4. the service (dist/main.js, its own process) exports a quarter and then all of them over
 *      HTTP: rows/s, ratio to the baseline, its RSS and V8 heap before and at peak (flat memory:
 *      the same peak for both sizes);
 *   5. a client that stops reading for 3 s: the service's memory must not grow (back-pressure);
 *   6. drops the schema.
 *
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_EXPORT_ROWS, BENCH_KEEP.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { csvExport } from '../src/services/feedback/csv-export.js';
import { createProject } from '../src/services/projects/projects.js';
import { seed } from './seed.js';
import { DATABASE_URL, exportOverHttp, log, rssMb, startService, stopService, type ExportResult } from './service.js';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS || 1_000_000);
if (!Number.isInteger(ROWS) || ROWS < 1000) throw new Error('BENCH_EXPORT_ROWS: an integer ≥ 1000');

interface Rate {
  rows: number;
  mb: number;
  seconds: number;
  rowsPerSecond: number;
}

const rate = (rows: number, bytes: number, started: bigint): Rate => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows, mb: Math.round(bytes / 1e5) / 10, seconds, rowsPerSecond: Math.round(rows / seconds) };
};

/** PostgreSQL's plain CSV of the same rows, same order, read here: what no export can beat. */
async function plainCopy(schema: string, projectId: string): Promise<Rate> {
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    const stream = client.query(
      copyTo(`copy (select * from feedback where project_id = ${pg.escapeLiteral(projectId)} order by occurred_at desc, id desc) to stdout with (format csv)`),
    );
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
    return rate(stream.rowCount, bytes, started);
  } finally {
    await client.end();
  }
}

/** The keyset path (PGlite's, and PostgreSQL's before COPY), in this process. */
async function keysetPath(schema: string, projectId: string): Promise<Rate> {
  const handle = await openDatabase({ url: DATABASE_URL, dataDir: '', schema, poolSize: 2 });
  try {
    const started = process.hrtime.bigint();
    let bytes = 0;
    let rows = -1;
    for await (const chunk of csvExport({ db: handle.db }, projectId, {}, { via: 'keyset' })) {
      bytes += Buffer.byteLength(chunk);
      // Keyset chunks are whole records; quoted line breaks are bare \n, record ends \r\n.
      rows += (chunk as string).split('\r\n').length - 1;
    }
    return rate(rows, bytes, started);
  } finally {
    await handle.db.destroy();
  }
}

/**
 * Starts an export, reads its first chunk, then stops reading for `ms` (the service's RSS
 * meanwhile) and hangs up. node:http, not fetch: undici goes on reading a cancelled body.
 */
async function stalledClient(base: string, key: string, pid: number, ms: number) {
  let atStall = 0;
  let peak = 0;
  await new Promise<void>((resolve, reject) => {
    const req = request(`${base}/v1/feedback?format=csv`, { headers: { authorization: `Bearer ${key}` } }, (res) => {
      res.once('data', () => {
        res.pause();
        setTimeout(() => {
          atStall = peak = rssMb(pid); // buffers have filled up to their marks
          const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
          setTimeout(() => {
            clearInterval(sampler);
            req.destroy();
            resolve();
          }, ms);
        }, 500);
      });
    });
    req.on('error', () => {}); // our own hang-up
    req.once('error', reject);
    req.end();
  });
  return { atStallMb: atStall, peakMb: peak };
}

const schema = `bench_export_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
const handle = await openDatabase({ url: DATABASE_URL, dataDir: '', schema, poolSize: 4 });
const load: number[] = [];
try {
  await migrateToLatest(handle.db, schema);
  const project = await createProject(handle.db, { name: 'Bench export', allowedOrigins: ['*'] });
  log(`seeding ${ROWS.toLocaleString('en')} feedback rows…`);
  let started = Date.now();
  await seed(handle.db, project.projectId, ROWS * 2, log, { feedback: ROWS, exposures: 0 });
  // Triage state on 10 %, with text that needs quoting and neutralising.
  await sql`
    update feedback set tags = array['bug', 'needs, review'], public_reply = '=Thanks, "fixed" in 2.5', issue_url = 'https://tracker.example.com/FL-' || left(id::text, 4),
      status = 'planned', triaged_at = now(), status_changed_at = now()
    where project_id = ${project.projectId} and abs(hashtext(id::text)) % 10 = 0`.execute(handle.db);
  await sql`vacuum analyze feedback`.execute(handle.db);
  log(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  load.push(loadavg()[0]!);
  log('baseline: plain COPY of the same rows…');
  const baseline = await plainCopy(schema, project.projectId);
  log(`  ${baseline.rowsPerSecond.toLocaleString('en')} rows/s`);
  log('reference: keyset batches formatted in JavaScript, in-process…');
  const keyset = await keysetPath(schema, project.projectId);
  log(`  ${keyset.rowsPerSecond.toLocaleString('en')} rows/s`);

  const service = await startService(schema);
  const results: { label: string; result: ExportResult }[] = [];
  let stalled: Awaited<ReturnType<typeof stalledClient>>;
  try {
    const pid = service.child.pid!;
    const key = project.secretKey;
    await exportOverHttp(service.base, key, pid, '/v1/feedback?format=csv&limit=1000'); // warm-up
    load.push(loadavg()[0]!);
    const quarter = Math.round(ROWS / 4);
    log(`HTTP export of ${quarter.toLocaleString('en')} rows…`);
    results.push({ label: `${quarter.toLocaleString('en')} rows (limit)`, result: await exportOverHttp(service.base, key, pid, `/v1/feedback?format=csv&limit=${quarter}`) });
    load.push(loadavg()[0]!);
    log(`HTTP export of all ${ROWS.toLocaleString('en')} rows…`);
    results.push({ label: `all ${ROWS.toLocaleString('en')} rows`, result: await exportOverHttp(service.base, key, pid, '/v1/feedback?format=csv') });
    load.push(loadavg()[0]!);
    log('a client that stops reading for 3 s…');
    stalled = await stalledClient(service.base, key, pid, 3000);
    // The service still answers (the connection of the abandoned COPY was closed, not reused).
    const after = await fetch(`${service.base}/v1/feedback?limit=1`, { headers: { authorization: `Bearer ${key}` } });
    if (!after.ok) throw new Error(`after the abandoned export: ${after.status}`);
  } finally {
    await stopService(service.child);
  }

  for (const { label, result } of results) {
    if (label.startsWith('all') && result.rows !== ROWS) throw new Error(`exported ${result.rows} rows, expected ${ROWS}`);
  }
  const out: string[] = [];
  out.push(`\n== CSV export of ${ROWS.toLocaleString('en')} feedback rows (PostgreSQL)`);
  out.push(`   ${'path'.padEnd(62)} ${'rows/s'.padStart(9)} ${'time'.padStart(7)} ${'size'.padStart(8)} ${'vs baseline'.padStart(11)}`);
  const line = (label: string, r: Rate) =>
    out.push(
      `   ${label.padEnd(62)} ${r.rowsPerSecond.toLocaleString('en').padStart(9)} ${r.seconds.toFixed(1).padStart(6)}s ${`${r.mb} MB`.padStart(8)} ${`${Math.round((100 * r.rowsPerSecond) / baseline.rowsPerSecond)} %`.padStart(11)}`,
    );
  line('baseline: plain COPY (SELECT * … ORDER BY) TO STDOUT, no HTTP', baseline);
  line('reference: keyset batches + JavaScript CSV, no HTTP', keyset);
  for (const { label, result } of results) line(`GET /v1/feedback?format=csv over HTTP, ${label}`, result);
  out.push('   service memory during the HTTP exports (before → peak):');
  for (const { label, result: r } of results) {
    out.push(`     ${label.padEnd(22)} RSS ${r.rssBeforeMb} → ${r.rssPeakMb} MB, V8 heap used ${r.heapBeforeMb ?? '?'} → ${r.heapPeakMb ?? '?'} MB`);
  }
  out.push(
    `   stalled client (3 s without reading): service RSS ${stalled!.atStallMb} MB when it stopped, ${stalled!.peakMb} MB peak meanwhile`,
  );
  out.push(`\n${cpus().length} CPUs; 1-minute load average at each step: ${load.map((l) => l.toFixed(1)).join(', ')}`);
  console.log(out.join('\n'));
} finally {
  await handle.db.destroy();
  if (process.env.BENCH_KEEP) log(`kept schema ${schema}`);
  else await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
}
