/**
 * pnpm bench:ingest — ingest against real PostgreSQL, each figure a ratio to a baseline measured
 * in the same run, the same load tool (autocannon, in this process) and the same connection
 * count for every HTTP scenario, rate limit off:
 *   1. the bare route (bench/bare-server.ts: the same JSON, the same validation, no database),
 *      1 and 20 events per request: the ceiling of Node + Fastify here;
 *   2. POST /v1/events of the built service, 1 and 20 events per request. The service runs with
 *      FEEDLOOP_AGGREGATOR=false and a second service process runs the aggregator (no traffic),
 *      so each one's CPU, and its PostgreSQL backends' (application_name), is counted apart.
 *      During the 20-event load a probe measures acknowledged → visible (ingest/freshness.ts);
 *   3. catch-up: the aggregator paused, 20-event load again (the batched ingest rate without
 *      it), then resumed and timed until every row is aggregated (ingest/catch-up.ts); the
 *      aggregates are then compared with a recount of the raw rows (verify-aggregates);
 *   4. the hot path alone, no HTTP: feedloop_ingest against a plain INSERT of the same JSON rows
 *      into a primary-key-only copy of the raw table (ingest/hot-path.ts);
 * then prints every figure against its target (PASS/FAIL) and the CPU per event by process.
 *
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a superuser: the benchmark
 * issues CHECKPOINTs), BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_NODE_FLAGS (flags for
 * the service's Node, e.g. --cpu-prof).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.js';
import { verifyAggregates, type VerifyResult } from '../src/services/rollups/verify.js';
import { AGGREGATOR_APPLICATION, CORES, CpuMeter, INGEST_APPLICATION, postmasterPid } from './cpu.js';
import { catchUp, pauseAggregator, readWatermark, waitForWatermark } from './ingest/catch-up.js';
import { ORIGIN } from './ingest/events.js';
import { FreshnessProbe } from './ingest/freshness.js';
import { HOT_PATH, PLAIN_INSERT, createPlainTable, runStatement } from './ingest/hot-path.js';
import { load, type LoadOptions } from './ingest/load.js';
import { count, micros, printChecks, printCpu, ratio, type Check } from './ingest/report.js';
import { DATABASE_URL, rssMb, startProcess, startService, stopService, type Server } from './service.js';

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const ADMIN = randomBytes(24).toString('hex');
/** The service's default flush concurrency on PostgreSQL (plugins/app/event-writer.ts): the hot path runs with as many connections. */
const FLUSH_CONCURRENCY = 2;
const single: LoadOptions = { seconds: SECONDS, connections: CONNECTIONS, eventsPerRequest: 1 };
const batched: LoadOptions = { seconds: SECONDS, connections: CONNECTIONS, eventsPerRequest: 20 };

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** Mean events per flush of the service's group commit so far, from its /metrics. */
async function flushTotals(base: string): Promise<{ events: number; flushes: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 0);
  return { events: value('feedloop_flush_batch_events_sum'), flushes: value('feedloop_flush_batch_events_count') };
}

async function main(): Promise<void> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const connect = async (applicationName: string) => {
    const client = new pg.Client({ connectionString: DATABASE_URL, application_name: applicationName, options: `-c search_path=${schema}` });
    await client.connect();
    return client;
  };
  const admin = await connect('feedloop-bench');
  await admin.query(`create schema ${schema}`);
  await admin.query(`set search_path to ${schema}, public`);
  const running: { service?: Server; aggregator?: Server } = {};
  const meter = new CpuMeter(admin, await postmasterPid(admin), () => ({ service: running.service?.child.pid, aggregator: running.aggregator?.child.pid }));
  const monitor = await connect('feedloop-bench');
  const pauser = await connect('feedloop-bench');
  try {
    console.log(
      `Ingest benchmark: ${SECONDS} s per scenario, ${CONNECTIONS} connections (autocannon) for every HTTP scenario, rate limit off,` +
        ` PostgreSQL ${new URL(DATABASE_URL).host}, ${CORES} cores, 1-minute load average at the start ${loadavg()[0]!.toFixed(2)}\n`,
    );

    // 1. The baseline.
    log('bare route');
    running.service = await startProcess(['--import', 'tsx', fileURLToPath(new URL('./bare-server.ts', import.meta.url))], {}, /listening (\S+)/);
    const bareSingle = await load('bare route, 1 event per request', running.service.base, 'pk_none', meter, single);
    const bareBatched = await load('bare route, 20 events per request', running.service.base, 'pk_none', meter, batched);
    await stopService(running.service.child);

    // 2. The service, and the aggregator in a process of its own.
    log('service');
    running.service = await startService(schema, { FEEDLOOP_ADMIN_TOKEN: ADMIN, FEEDLOOP_AGGREGATOR: 'false' }, INGEST_APPLICATION);
    running.aggregator = await startService(schema, { FEEDLOOP_AGGREGATOR: 'true' }, AGGREGATOR_APPLICATION);
    const service = running.service;
    const created = await fetch(`${service.base}/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', allowedOrigins: [ORIGIN] }),
    });
    const keys = (await created.json()) as { publicKey: string; secretKey: string; projectId: string };

    await admin.query('checkpoint');
    const serviceSingle = await load('service, 1 event per request', service.base, keys.publicKey, meter, single);
    await waitForWatermark(monitor, (await readWatermark(monitor)).endSeq, 60_000);

    log('service, batches, with the freshness probe');
    await admin.query('checkpoint');
    const flushesBefore = await flushTotals(service.base);
    const probeDb = new pg.Pool({ connectionString: DATABASE_URL, application_name: 'feedloop-bench', options: `-c search_path=${schema}`, max: 4 });
    const probe = new FreshnessProbe(service.base, keys, probeDb, keys.projectId);
    probe.start();
    const serviceBatched = await load('service, 20 events per request', service.base, keys.publicKey, meter, batched);
    const freshness = await probe.stop();
    await probeDb.end();
    const flushesAfter = await flushTotals(service.base);
    const flushSize = Math.round((flushesAfter.events - flushesBefore.events) / Math.max(1, flushesAfter.flushes - flushesBefore.flushes));
    await waitForWatermark(monitor, (await readWatermark(monitor)).endSeq, 60_000);

    // 3. Catch-up.
    log('catch-up: ingest with the aggregator paused');
    const paused = await pauseAggregator(pauser);
    await admin.query('checkpoint');
    const pausedBatched = await load('service, 20 events per request, aggregator paused', service.base, keys.publicKey, meter, batched);
    log('catch-up: aggregating the backlog');
    const caughtUp = await catchUp(monitor, paused, meter, 300_000);

    const stored = Number((await admin.query('select count(*) from feedback')).rows[0].count);
    const acknowledged = serviceSingle.ok + (serviceBatched.ok + pausedBatched.ok) * 20 + freshness.probes;
    const inFlight = CONNECTIONS * (1 + 20 + 20);
    const peakRss = rssMb(service.child.pid!, 'VmHWM');
    const aggregatorRss = rssMb(running.aggregator.child.pid!, 'VmHWM');
    await stopService(service.child);
    await stopService(running.aggregator.child);
    running.service = running.aggregator = undefined;

    log('verify-aggregates');
    const verified = await verify(schema);

    // 4. The hot path alone.
    log(`hot path: ${flushSize}-event flushes, ${FLUSH_CONCURRENCY} connections`);
    await createPlainTable(admin);
    const hotPathOptions = { batchSize: flushSize, concurrency: FLUSH_CONCURRENCY, seconds: SECONDS };
    const plain = await runStatement(PLAIN_INSERT, schema, keys.projectId, meter, hotPathOptions);
    const hotPath = await runStatement(HOT_PATH, schema, keys.projectId, meter, hotPathOptions);

    // The report.
    const loads = [bareSingle, bareBatched, serviceSingle, serviceBatched, pausedBatched];
    console.table(
      loads.map((r) => ({
        scenario: r.name,
        'req/s': count(r.requestsPerSecond),
        'events/s': count(r.eventsPerSecond),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'non-2xx/errors': r.errors,
      })),
    );
    console.log(`Service flushes during the 20-event load: ${flushSize} events on average.`);
    console.table([plain, hotPath].map((r) => ({ 'no HTTP': r.name, events: count(r.events), 'events/s': count(r.eventsPerSecond) })));
    console.log(
      `Catch-up: ${count(caughtUp.rows)} rows aggregated in ${caughtUp.seconds.toFixed(2)} s = ${count(caughtUp.rowsPerSecond)} rows/s` +
        ` (stored while the aggregator was paused, at ${count(pausedBatched.eventsPerSecond)} events/s).`,
    );
    const freshnessLine = `p50 ${Math.round(freshness.p50)} ms, p99 ${Math.round(freshness.p99)} ms, max ${Math.round(freshness.max)} ms (${freshness.probes} probes, one per 100 ms)`;

    const targets: Check[] = [
      {
        figure: 'single events: service req/s ÷ bare route req/s',
        measured: `${ratio(serviceSingle.requestsPerSecond, bareSingle.requestsPerSecond)} (${count(serviceSingle.requestsPerSecond)} ÷ ${count(bareSingle.requestsPerSecond)})`,
        target: `≥ 0.5 (stretch 0.75: ${serviceSingle.requestsPerSecond >= 0.75 * bareSingle.requestsPerSecond ? 'met' : 'not met'})`,
        pass: serviceSingle.requestsPerSecond >= 0.5 * bareSingle.requestsPerSecond,
      },
      { figure: 'single events: p99', measured: `${serviceSingle.p99} ms`, target: '≤ 25 ms', pass: serviceSingle.p99 <= 25 },
      {
        figure: '20-event batches: service events/s ÷ bare route events/s',
        measured: `${ratio(serviceBatched.eventsPerSecond, bareBatched.eventsPerSecond)} (${count(serviceBatched.eventsPerSecond)} ÷ ${count(bareBatched.eventsPerSecond)})`,
        target: '≥ 0.25',
        pass: serviceBatched.eventsPerSecond >= 0.25 * bareBatched.eventsPerSecond,
      },
      {
        figure: 'hot path alone: events/s ÷ plain INSERT, PK only',
        measured: `${ratio(hotPath.eventsPerSecond, plain.eventsPerSecond)} (${count(hotPath.eventsPerSecond)} ÷ ${count(plain.eventsPerSecond)})`,
        target: '≥ 0.5',
        pass: hotPath.eventsPerSecond >= 0.5 * plain.eventsPerSecond,
      },
      {
        figure: 'aggregator catch-up rows/s ÷ batched ingest events/s (paused)',
        measured: `${ratio(caughtUp.rowsPerSecond, pausedBatched.eventsPerSecond)} (${count(caughtUp.rowsPerSecond)} ÷ ${count(pausedBatched.eventsPerSecond)})`,
        target: '≥ 3',
        pass: caughtUp.caughtUp && caughtUp.rowsPerSecond >= 3 * pausedBatched.eventsPerSecond,
      },
      { figure: 'freshness under the batched load: acknowledged → visible', measured: freshnessLine, target: 'p99 ≤ 1,000 ms', pass: freshness.missing === 0 && freshness.p99 <= 1000 },
      { figure: 'peak RSS of the service', measured: `${Math.round(peakRss)} MB (aggregator process ${Math.round(aggregatorRss)} MB)`, target: '< 200 MB', pass: peakRss < 200 },
    ];
    const consistent = stored >= acknowledged && stored <= acknowledged + inFlight;
    const checks: Check[] = [
      { figure: 'stored ≥ acknowledged (+ at most the requests in flight at the cut-off)', measured: `${count(stored)} stored, ${count(acknowledged)} acknowledged`, target: `≤ ${count(inFlight)} more`, pass: consistent },
      { figure: 'probes counted by GET /v1/features', measured: `${freshness.counted} of ${freshness.probes}`, target: 'all, once each', pass: freshness.counted === freshness.probes },
      { figure: 'verify-aggregates after the catch-up', measured: verified.ok ? `equal (${count(Object.values(verified.checked).reduce((a, b) => a + b, 0))} rows recounted)` : JSON.stringify(verified.differences.slice(0, 3)), target: 'every aggregate = recount', pass: verified.ok },
    ];
    const targetsMet = printChecks('Targets (issue 12), each a ratio to a baseline of this run:', targets);
    const correct = printChecks('Correctness:', checks);

    printCpu([
      { scenario: bareSingle.name, unit: 'request', perSecond: bareSingle.eventsPerSecond, cpu: bareSingle.cpu },
      { scenario: bareBatched.name, unit: 'event', perSecond: bareBatched.eventsPerSecond, cpu: bareBatched.cpu },
      { scenario: serviceSingle.name, unit: 'event', perSecond: serviceSingle.eventsPerSecond, cpu: serviceSingle.cpu },
      { scenario: serviceBatched.name, unit: 'event', perSecond: serviceBatched.eventsPerSecond, cpu: serviceBatched.cpu },
      { scenario: pausedBatched.name, unit: 'event', perSecond: pausedBatched.eventsPerSecond, cpu: pausedBatched.cpu },
      { scenario: 'catch-up: aggregating the backlog', unit: 'row', perSecond: caughtUp.rowsPerSecond, cpu: caughtUp.cpu },
      { scenario: `${plain.name} (no HTTP)`, unit: 'event', perSecond: plain.eventsPerSecond, cpu: plain.cpu },
      { scenario: `${hotPath.name} (no HTTP)`, unit: 'event', perSecond: hotPath.eventsPerSecond, cpu: hotPath.cpu },
    ]);
    const share = serviceBatched.cpu.aggregator + serviceBatched.cpu.postgresAggregator;
    console.log(
      `The aggregator's share of the 20-event load: ${micros(share)} µs per event (its process ${micros(serviceBatched.cpu.aggregator)},` +
        ` its PostgreSQL backends ${micros(serviceBatched.cpu.postgresAggregator)}), ${Math.round((100 * share) / serviceBatched.cpu.machine)} % of the machine's` +
        ` ${micros(serviceBatched.cpu.machine)} µs; catching up it costs ${micros(caughtUp.cpu.aggregator + caughtUp.cpu.postgresAggregator)} µs per row.`,
    );
    console.log(`1-minute load average at the end: ${loadavg()[0]!.toFixed(2)}`);
    if (!targetsMet || !correct) process.exitCode = 1;
  } finally {
    for (const server of Object.values(running)) server?.child.kill('SIGKILL');
    await pauser.end().catch(() => {});
    await monitor.end().catch(() => {});
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

/** verify-aggregates over the benchmark's schema: every aggregate equal to a recount of the raw rows. */
async function verify(schema: string): Promise<VerifyResult> {
  const database = await openDatabase({ url: DATABASE_URL, dataDir: '', schema, poolSize: 1 });
  try {
    return await verifyAggregates(database.db);
  } finally {
    await database.db.destroy();
  }
}

await main();
