/**
 * pnpm bench:query — query latency from the daily rollups against real PostgreSQL, with its
 * baseline measured in the same run: the plain GROUP BY over the raw events for the same answers.
 *
 * For each size (BENCH_SIZES, default "1000000"; e.g. "1000000,10000000"):
 *   1. seeds a synthetic project in a schema of its own (50 features, 20 experiments with 2–3
 *      variants, 90 days, skewed traffic by feature, day and user, ratings on four scales,
 *      comments): raw rows with INSERT … SELECT generate_series in large batches, rollups rebuilt
 *      in bulk by the same SQL verify-aggregates uses; then ingests a small batch over HTTP (the
 *      incremental path) and verifies the aggregates (in full up to 2 M events, else the answers
 *      measured below are checked against the GROUP BY over raw rows);
 *   2. starts the service (dist/main.js, its own process) and measures p50/p95 over HTTP (sequential requests, warm) of the features list, a feature's
 *      detail with its daily series, and an experiment comparison; and the raw GROUP BY for each;
 *   3. exports min(1 M, all) rows as CSV over HTTP: rows/s and the service's resident memory
 *      (`pnpm bench:export` measures the export alone, against its baselines);
 *   4. drops the schema.
 *
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_SIZES, BENCH_REQUESTS (200),
 *   BENCH_KEEP=1 (keep the seeded schema), BENCH_REUSE=<kept schema> (measure it again, no seeding).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { rebuildAggregates, verifyAggregates } from '../src/services/rollups/verify.js';
import { addKey, createProject } from '../src/services/projects/projects.js';
import { seed } from './seed.js';
import { DATABASE_URL, exportOverHttp, log, startService, stopService, type ExportResult } from './service.js';

const SIZES = (process.env.BENCH_SIZES || '1000000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Timing {
  p50: number;
  p95: number;
}

/** Runs `fn` sequentially: `warmUp` calls, then `n` timed ones (ms). */
async function time(n: number, fn: (i: number) => Promise<unknown>, warmUp = 20): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function getJson(base: string, key: string, path: string): Promise<any> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The plain GROUP BY answers over raw events (what the rollups replace). */
const RAW = {
  features: (p: string) => sql`
    select feature, count(*) as count, count(comment) as comments, max(occurred_at) as last_at,
      count(*) filter (where rating_scale = 'thumbs') as thumbs, count(*) filter (where rating_scale = 'thumbs' and rating_value = 1) as up,
      avg(rating_value) filter (where rating_scale = 'stars') as stars, avg(rating_value) filter (where rating_scale = 'emoji') as emoji,
      count(*) filter (where rating_scale = 'nps') as nps
    from feedback where project_id = ${p} group by feature`,
  feature: (p: string, f: string) => sql`
    select (occurred_at at time zone 'UTC')::date as day, count(*) as count, count(comment) as comments,
      rating_scale, rating_value, count(*) as n
    from feedback where project_id = ${p} and feature = ${f} group by 1, rating_scale, rating_value`,
  experimentExposures: (p: string, e: string) => sql`
    select variant, count(*) as exposures, count(distinct anonymous_id) as users
    from exposures where project_id = ${p} and experiment = ${e} group by variant`,
  experimentFeedback: (p: string, e: string) => sql`
    select x.value as variant, count(*) as count, count(distinct f.anonymous_id) as users, f.rating_scale, f.rating_value
    from feedback f cross join lateral jsonb_each_text(f.experiments) x
    where f.project_id = ${p} and x.key = ${e} group by 1, f.rating_scale, f.rating_value`,
};

interface SizeResult {
  events: number;
  seedSeconds: number;
  rollupSeconds: number;
  rows: Record<string, number>;
  api: Record<string, Timing>;
  raw: Record<string, Timing>;
  export: ExportResult;
  verified: string;
}

async function benchSize(events: number): Promise<SizeResult> {
  // BENCH_REUSE=<schema kept by an earlier BENCH_KEEP run of this size>: measure again without
  // seeding (seeding 10 M events takes many minutes; measuring wants a quiet machine).
  const reuse = process.env.BENCH_REUSE;
  const schema = reuse || `bench_query_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  if (!reuse) await admin.query(`create schema ${schema}`);
  const handle = await openDatabase({ url: DATABASE_URL, dataDir: '', schema, poolSize: 10 });
  const db: Kysely<Database> = handle.db;
  try {
    await migrateToLatest(db, schema);
    let seedSeconds = 0;
    let rollupSeconds = 0;
    let project: { projectId: string; publicKey: string; secretKey: string };
    if (reuse) {
      const { id: projectId } = await db.selectFrom('projects').select('id').where('name', '=', 'Bench').executeTakeFirstOrThrow();
      // Keys are stored hashed: make fresh ones for this run.
      project = { projectId, publicKey: (await addKey(db, projectId, 'public')).key, secretKey: (await addKey(db, projectId, 'secret')).key };
      log(`${events.toLocaleString('en')} events: reusing schema ${schema}`);
    } else {
      project = await createProject(db, { name: 'Bench', allowedOrigins: ['*'] });
      log(`${events.toLocaleString('en')} events: seeding raw rows…`);
      let started = Date.now();
      await seed(db, project.projectId, events, log);
      seedSeconds = (Date.now() - started) / 1000;
      log(`  raw rows in ${seedSeconds.toFixed(1)} s; rebuilding rollups in bulk…`);
      started = Date.now();
      await rebuildAggregates(db, project.projectId);
      await sql`analyze`.execute(db);
      rollupSeconds = (Date.now() - started) / 1000;
      log(`  rollups in ${rollupSeconds.toFixed(1)} s`);
    }
    const rows: Record<string, number> = {};
    for (const table of ['feedback', 'exposures', 'feature_daily', 'variant_feature_daily', 'variant_daily', 'exposed_users', 'feedback_users']) {
      rows[table] = Number((await admin.query(`select count(*) from ${schema}.${table}`)).rows[0].count);
    }
    log(`  ${JSON.stringify(rows)}`);

    const service = await startService(schema);
    const base = service.base;
    try {
      // The incremental path on top of the bulk-built rollups: 1,000 events over HTTP.
      const now = Date.now();
      const live = Array.from({ length: 1000 }, (_, i) =>
        i % 2
          ? { type: 'exposure', id: randomUUID(), timestamp: new Date(now - i * 60_000).toISOString(), anonymousId: `u${i}`, experiment: 'exp-0', variant: 'b' }
          : {
              type: 'feedback', id: randomUUID(), timestamp: new Date(now - i * 60_000).toISOString(), anonymousId: `u${i}`,
              feature: 'feature-0', experiments: { 'exp-0': 'b' }, rating: { scale: 'thumbs', value: i % 3 ? 1 : 0 },
            },
      );
      for (let i = 0; i < live.length; i += 100) {
        const response = await fetch(`${base}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-feedloop-key': project.publicKey },
          body: JSON.stringify({ events: live.slice(i, i + 100) }),
        });
        if (((await response.json()) as { accepted: number }).accepted !== 100) throw new Error('live events were not all accepted');
      }

      const key = project.secretKey;
      const p = project.projectId;
      const top = await getJson(base, key, '/v1/features');
      const features: string[] = top.features.map((f: { feature: string }) => f.feature);
      log(`measuring ${REQUESTS} sequential requests per endpoint…`);
      const api = {
        'features list': await time(REQUESTS, () => getJson(base, key, '/v1/features')),
        'feature detail + daily series': await time(REQUESTS, (i) => getJson(base, key, `/v1/features/${features[i % 5]}?interval=day`)),
        'experiment comparison': await time(REQUESTS, (i) => getJson(base, key, `/v1/experiments/exp-${i % 5}`)),
      };
      // The raw GROUP BYs take up to seconds each at 10 M: fewer runs (warm, like the API).
      const rawRuns = Math.max(10, Math.round(REQUESTS / 10));
      const raw = {
        'features list': await time(rawRuns, () => RAW.features(p).execute(db), 3),
        'feature detail + daily series': await time(rawRuns, (i) => RAW.feature(p, features[i % 5]!).execute(db), 3),
        'experiment comparison': await time(
          rawRuns,
          async (i) => {
            await RAW.experimentExposures(p, `exp-${i % 5}`).execute(db);
            await RAW.experimentFeedback(p, `exp-${i % 5}`).execute(db);
          },
          3,
        ),
      };

      // Sample check: the measured answers equal the GROUP BY over raw rows.
      const verified = await check(db, base, key, p, events);
      log(`  ${verified}`);

      load.push(loadavg()[0]!);
      log('exporting CSV…');
      const exported = await exportOverHttp(base, key, service.child.pid!, '/v1/feedback?format=csv&limit=1000000');
      return { events, seedSeconds, rollupSeconds, rows, api, raw, export: exported, verified };
    } finally {
      await stopService(service.child);
    }
  } finally {
    await db.destroy();
    if (process.env.BENCH_KEEP || reuse) log(`kept schema ${schema}`);
    else await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

async function check(db: Kysely<Database>, base: string, key: string, p: string, events: number): Promise<string> {
  if (events <= 2_000_000) {
    const result = await verifyAggregates(db, { projectId: p });
    if (!result.ok) throw new Error(`aggregates differ: ${JSON.stringify(result.differences.slice(0, 3))}`);
    return 'verify-aggregates: every rollup equals its recomputation from the raw rows';
  }
  const list = await getJson(base, key, '/v1/features');
  const raw = (await RAW.features(p).execute(db)).rows as { feature: string; count: number; up: number }[];
  for (const r of raw) {
    const f = list.features.find((x: { feature: string }) => x.feature === r.feature);
    if (!f || f.count !== Number(r.count) || (f.ratings.thumbs?.positive ?? 0) !== Number(r.up)) throw new Error(`feature ${r.feature} differs`);
  }
  for (let e = 0; e < 5; e++) {
    const detail = await getJson(base, key, `/v1/experiments/exp-${e}`);
    const exposures = (await RAW.experimentExposures(p, `exp-${e}`).execute(db)).rows as { variant: string; exposures: number; users: number }[];
    for (const r of exposures) {
      const v = detail.variants.find((x: { variant: string }) => x.variant === r.variant);
      if (v.exposures !== Number(r.exposures) || v.exposedUsers !== Number(r.users)) throw new Error(`exp-${e}/${r.variant} differs`);
    }
  }
  return 'sample check: features list and 5 experiments (exposures, distinct users) equal the GROUP BY over raw rows';
}

function report(results: SizeResult[]): void {
  const out: string[] = [];
  for (const r of results) {
    out.push(`\n== ${r.events.toLocaleString('en')} events (seed ${r.seedSeconds.toFixed(0)} s, rollups ${r.rollupSeconds.toFixed(0)} s)`);
    out.push(`   rows: ${Object.entries(r.rows).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
    out.push(`   ${'endpoint'.padEnd(31)} ${'API p50'.padStart(8)} ${'API p95'.padStart(8)} ${'raw p50'.padStart(9)} ${'raw p95'.padStart(9)} ${'raw/API p50'.padStart(12)}`);
    for (const name of Object.keys(r.api)) {
      const a = r.api[name]!;
      const b = r.raw[name]!;
      out.push(
        `   ${name.padEnd(31)} ${a.p50.toFixed(1).padStart(6)}ms ${a.p95.toFixed(1).padStart(6)}ms ${b.p50.toFixed(1).padStart(7)}ms ${b.p95.toFixed(1).padStart(7)}ms ${(b.p50 / a.p50).toFixed(0).padStart(11)}×`,
      );
    }
    const e = r.export;
    out.push(`   CSV export: ${e.rows.toLocaleString('en')} rows, ${e.mb} MB in ${e.seconds.toFixed(1)} s = ${e.rowsPerSecond.toLocaleString('en')} rows/s; service RSS ${e.rssBeforeMb} MB before, ${e.rssPeakMb} MB peak`);
    out.push(`   ${r.verified}`);
  }
  if (results.length > 1) {
    const sorted = [...results].sort((a, b) => a.events - b.events);
    const [small, large] = [sorted[0]!, sorted.at(-1)!];
    out.push(`\n== ${large.events.toLocaleString('en')} vs ${small.events.toLocaleString('en')} events (API p95 ratio)`);
    for (const name of Object.keys(small.api)) out.push(`   ${name.padEnd(31)} ${(large.api[name]!.p95 / small.api[name]!.p95).toFixed(2)}×`);
  }
  out.push(`\n${cpus().length} CPUs; 1-minute load average when measuring: ${load.map((l) => l.toFixed(1)).join(', ')}`);
  console.log(out.join('\n'));
}

const load: number[] = [];
const results: SizeResult[] = [];
for (const size of SIZES) results.push(await benchSize(size));
report(results);
