/**
 * pnpm bench:ingest — ingest throughput against real PostgreSQL, with its baseline measured in
 * the same run by the same load tool (autocannon) at the same connection count:
 *   1. a bare Fastify route validating the same JSON without a database (the ceiling),
 *   2. POST /v1/events with 1 event per request,
 *   3. POST /v1/events with 20 events per request;
 * then 4. the database alone: the service's write path (writeEvents: the same SQL, the same flush
 * concurrency) fed 200-event flushes straight from this process, no HTTP: the ceiling of what
 * PostgreSQL on this machine can store with every aggregate, whatever the service does.
 * Prints req/s, events/s, p50/p99 latency, the server's peak RSS and the ratios to the baseline,
 * checks that the database holds exactly the events that were acknowledged, then prints the CPU
 * each scenario cost per event, by process, against what the machine's cores can carry.
 *
 * Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_SECONDS (10),
 * BENCH_CONNECTIONS (50), BENCH_NODE_FLAGS (flags for the service's Node, e.g. --cpu-prof).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.js';
import { toRows } from '../src/services/events/to-rows.js';
import { validateEvent, type ValidEvent } from '../src/services/events/validate-event.js';
import { writeEvents } from '../src/services/events/write-events.js';
import { CORES, cpuCost, sampleCpu, type CpuSample } from './cpu.js';
import { DATABASE_URL, rssMb, startService } from './service.js';

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const ADMIN = randomBytes(24).toString('hex');
const ORIGIN = 'https://shop.example';
/** The service's default flush concurrency on PostgreSQL (plugins/app/event-writer.ts). */
const FLUSH_CONCURRENCY = 2;
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

interface Server {
  base: string;
  child: ChildProcess;
}

async function startProcess(command: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<Server> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`)));
  });
  return { base, child };
}

/**
 * Feedback from 10,000 users on 20 features; a user stays in one variant (the SDK's assignment
 * is sticky), so most events are a user's first on their feature but not in their variant.
 */
function event() {
  const user = Math.floor(Math.random() * 10_000);
  return {
    type: 'feedback',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    anonymousId: `anon-${user}`,
    feature: `feature-${Math.floor(Math.random() * 20)}`,
    experiments: { 'checkout-button': user % 2 === 0 ? 'control' : 'one-click' },
    rating: { scale: 'stars', value: 1 + Math.floor(Math.random() * 5) },
    ...(Math.random() < 0.3 ? { comment: 'Checkout was quick, but the coupon field is hard to find.' } : {}),
  };
}

interface Result {
  name: string;
  requestsPerSecond: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  peakRssMb: number;
  /** CPU µs per event, by side; machine: everything on the machine. */
  perUnit: CpuSample;
  /** Share of the machine's cores busy during the run. */
  busy: number;
}

async function load(name: string, server: Server, key: string, eventsPerRequest: number): Promise<Result> {
  const before = sampleCpu(server.child.pid);
  const result = await autocannon({
    url: `${server.base}/v1/events`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          // As a browser sends it: the service checks the origin against the project's (CORS).
          headers: { 'content-type': 'application/json', 'x-feedloop-key': key, origin: ORIGIN },
          body: JSON.stringify({ events: Array.from({ length: eventsPerRequest }, event) }),
        }),
      },
    ],
  });
  const after = sampleCpu(server.child.pid);
  const ok = result['2xx'];
  return {
    name,
    requestsPerSecond: ok / (result.duration || SECONDS),
    eventsPerSecond: (ok * eventsPerRequest) / (result.duration || SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    errors: result.non2xx + result.errors + result.timeouts,
    peakRssMb: rssMb(server.child.pid!, 'VmHWM'),
    ...cpuCost(before, after, ok * eventsPerRequest, result.duration || SECONDS),
  };
}

/**
 * The write path without the service: `concurrency` loops, each writing 200-event flushes with
 * writeEvents (async commit and WAL barrier, as the service does on PostgreSQL) for SECONDS.
 */
async function databaseAlone(schema: string, projectId: string, concurrency: number): Promise<{ eventsPerSecond: number; events: number; perUnit: CpuSample; busy: number }> {
  const database = await openDatabase({ url: DATABASE_URL, dataDir: '', schema, poolSize: concurrency });
  const window = { maxPastMs: 30 * 86_400_000, maxFutureMs: 86_400_000 };
  const batch = () => {
    const now = Date.now();
    const events = Array.from({ length: 200 }, () => (validateEvent(event(), now, window) as { event: ValidEvent }).event);
    return toRows(projectId, events, new Date(now));
  };
  let events = 0;
  const before = sampleCpu(undefined);
  const started = performance.now();
  const until = started + SECONDS * 1000;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const { inserted } = await writeEvents(database.db, batch(), { asyncCommit: true });
          events += inserted.size; // (not `events += await …`: that reads events before the await)
        }
      }),
    );
  } finally {
    await database.db.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, eventsPerSecond: events / seconds, ...cpuCost(before, sampleCpu(undefined), events, seconds) };
}

async function main(): Promise<void> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const results: Result[] = [];
  const servers: Server[] = [];
  try {
    console.log(`Ingest benchmark: ${SECONDS} s per scenario, ${CONNECTIONS} connections, PostgreSQL ${new URL(DATABASE_URL).host}\n`);

    const bare = await startProcess(process.execPath, ['--import', 'tsx', here('./bare-server.ts')], {}, /listening (\S+)/);
    servers.push(bare);
    results.push(await load('baseline: bare Fastify, same validation, no database', bare, 'pk_none', 1));
    bare.child.kill();

    const service = await startService(schema, { FEEDLOOP_ADMIN_TOKEN: ADMIN });
    servers.push(service);
    const created = await fetch(`${service.base}/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', allowedOrigins: [ORIGIN] }),
    });
    const { publicKey, projectId } = (await created.json()) as { publicKey: string; projectId: string };
    results.push(await load('POST /v1/events, 1 event per request', service, publicKey, 1));
    results.push(await load('POST /v1/events, 20 events per request', service, publicKey, 20));
    service.child.kill('SIGTERM');
    await new Promise((resolve) => service.child.once('exit', resolve));

    // Every 200 was sent after its commit, so the table holds at least the acknowledged events;
    // at most the requests still in flight when the load tool stopped counting come on top.
    const stored = Number((await admin.query(`select count(*) from ${schema}.feedback`)).rows[0].count);
    const acknowledged = results[1]!.ok + results[2]!.ok * 20;
    const inFlight = CONNECTIONS * (1 + 20);
    const alone = await databaseAlone(schema, projectId, FLUSH_CONCURRENCY);
    report(results, stored, acknowledged, inFlight, alone.eventsPerSecond);
    reportCpu(results, alone);
    if (stored < acknowledged || stored > acknowledged + inFlight) process.exitCode = 1;
  } finally {
    for (const s of servers) s.child.kill('SIGKILL');
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

function report(results: Result[], stored: number, acknowledged: number, inFlight: number, aloneEventsPerSecond: number): void {
  const baseline = results[0]!.requestsPerSecond;
  const rows = results.map((r) => ({
    scenario: r.name,
    'req/s': Math.round(r.requestsPerSecond),
    'events/s': Math.round(r.eventsPerSecond),
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    'peak RSS MB': Math.round(r.peakRssMb),
    'non-2xx/errors': r.errors,
    'req/s vs baseline': `${((100 * r.requestsPerSecond) / baseline).toFixed(1)} %`,
  }));
  console.table(rows);
  const single = results[1]!;
  const batched = results[2]!;
  console.log(`\nSingle-event requests: ${((100 * single.requestsPerSecond) / baseline).toFixed(1)} % of the baseline's req/s (target ≥ 75 %), p99 ${single.p99} ms (target < 25 ms)`);
  console.log(`Batched ingest: ${Math.round(batched.eventsPerSecond)} events/s (target ≥ 50,000)`);
  console.log(
    `Database alone (the same write path, ${FLUSH_CONCURRENCY} connections, 200-event flushes, no HTTP): ${Math.round(aloneEventsPerSecond)} events/s;` +
      ` batched ingest reaches ${((100 * batched.eventsPerSecond) / aloneEventsPerSecond).toFixed(0)} % of it`,
  );
  console.log(`Peak RSS of the service: ${Math.round(Math.max(single.peakRssMb, batched.peakRssMb))} MB (target < 200 MB)`);
  const consistent = stored >= acknowledged && stored <= acknowledged + inFlight;
  console.log(`Stored ${stored} events, acknowledged ${acknowledged} (+ at most ${inFlight} in flight at the cut-off): ${consistent ? 'consistent' : 'MISMATCH'}`);
}

/**
 * Where the CPU goes, per event, and what the machine's cores could carry at that cost: the
 * throughput targets set against the work each event costs here, whatever the scheduling.
 */
function reportCpu(results: Result[], alone: { eventsPerSecond: number; perUnit: CpuSample; busy: number }): void {
  const µs = (value: number) => Math.round(value * 10) / 10;
  const row = (scenario: string, eventsPerSecond: number, cpu: CpuSample, busy: number) => ({
    scenario,
    'events/s': Math.round(eventsPerSecond),
    server: µs(cpu.server),
    PostgreSQL: µs(cpu.postgres),
    'load tool': µs(cpu.loadTool),
    machine: µs(cpu.machine),
    'cores busy': `${Math.round(100 * busy)} %`,
    [`ceiling on ${CORES} cores`]: Math.round((CORES * 1e6) / cpu.machine),
  });
  console.log(`\nCPU µs per event, by process (/proc); machine: every process and interrupt on it. Ceiling: events/s that ${CORES} fully busy cores carry at the machine's cost per event.`);
  console.table([
    ...results.map((r) => row(r.name, r.eventsPerSecond, r.perUnit, r.busy)),
    row('database alone (the benchmark process is its client)', alone.eventsPerSecond, alone.perUnit, alone.busy),
  ]);
  const [baseline, single, batched] = results as [Result, Result, Result];
  const singleBudget = baseline.perUnit.machine / 0.75;
  console.log(
    `Single events at 75 % of the baseline's rate on the same cores can cost at most ${µs(singleBudget)} µs of machine CPU per request` +
      ` (the baseline's ${µs(baseline.perUnit.machine)} µs ÷ 0.75); they cost ${µs(single.perUnit.machine)} µs, PostgreSQL's part alone ${µs(single.perUnit.postgres)} µs.`,
  );
  const batchedBudget = (CORES * 1e6) / 50_000;
  console.log(
    `50,000 events/s on ${CORES} cores leaves at most ${µs(batchedBudget)} µs of machine CPU per event; batched events cost ${µs(batched.perUnit.machine)} µs,` +
      ` PostgreSQL's part ${µs(batched.perUnit.postgres)} µs (${µs(alone.perUnit.postgres)} µs with the database alone).`,
  );
}

await main();
