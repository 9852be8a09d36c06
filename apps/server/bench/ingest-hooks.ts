/**
 * What each hook costs POST /v1/events, from a CPU profile of the service under single-event load
 * (`npx tsx apps/server/bench/ingest-hooks.ts` after `pnpm build`; env: DATABASE_URL,
 * BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_EVENTS (1 per request)). The service runs as
 * deployed (dist/main.js) with `--cpu-prof`, the rate limit on (at a limit the load never
 * reaches, so its cost is measured) and no aggregator. Every profile sample is charged to the
 * innermost frame of its stack that belongs to a concern (a hook's plugin or library, Fastify's
 * core, Node's internals, ...): Fastify runs the next hook from inside the previous one's
 * callback, so an outer frame says nothing about who does the work. The shares of the samples
 * are scaled to the service process's CPU time (/proc) per request: a profile's sampled time
 * also holds the time the process waited for a core on a shared machine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { ORIGIN, feedbackEvent } from './ingest/events.js';
import { processCpuSeconds } from './cpu.js';
import { DATABASE_URL, startService, stopService } from './service.js';

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const EVENTS = Number(process.env.BENCH_EVENTS || 1);

/** Concerns, by where their code lives (dist paths and packages), first match wins per frame. */
const CONCERNS: [string, RegExp][] = [
  ['auth (key lookup, access)', /plugins\/app\/auth\.js/],
  ['origin check (CORS)', /plugins\/external\/cors\.js|@fastify\/cors/],
  ['rate limit', /plugins\/external\/rate-limit\.js|@fastify\/rate-limit|toad-cache/],
  ['cookies', /@fastify\/cookie|plugins\/external\/cookie\.js|\/cookie\//],
  ['security headers (helmet)', /@fastify\/helmet|\/helmet\//],
  ['metrics', /plugins\/app\/metrics\.js|prom-client/],
  ['request log', /plugins\/app\/request-log\.js|\/pino\/|pino-std-serializers|sonic-boom/],
  ['event validation and rows', /services\/events\/(validate-event|to-rows)\.js/],
  ['group commit and database', /services\/events\/(group-commit|write-events)\.js|\/pg\/|\/pg-protocol\/|\/kysely\//],
  ['route handler, rest', /routes\/v1\/events/],
  ['JSON body parsing and validation (ajv, secure-json-parse)', /secure-json-parse|\/ajv\/|content-type-parser/],
  ['reply serialisation', /fast-json-stringify|lib\/reply\.js/],
  ['Fastify core (routing, hooks, request and reply objects)', /node_modules\/.*fastify\/|find-my-way|avvio/],
  ['Node HTTP and sockets', /^node:/],
];

interface ProfileNode { id: number; callFrame: { url: string; functionName: string }; children?: number[] }

const schema = `bench_hooks_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
const dir = mkdtempSync(join(tmpdir(), 'feedloop-prof-'));
process.env.BENCH_NODE_FLAGS = `--cpu-prof --cpu-prof-dir=${dir}`;
try {
  const token = randomBytes(24).toString('hex');
  const service = await startService(schema, { FEEDLOOP_ADMIN_TOKEN: token, FEEDLOOP_AGGREGATOR: 'false', FEEDLOOP_RATE_LIMIT_PER_MINUTE: '1000000000' });
  const created = await fetch(`${service.base}/v1/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', allowedOrigins: [ORIGIN] }),
  });
  const { publicKey } = (await created.json()) as { publicKey: string };
  const cpuBefore = processCpuSeconds(service.child.pid!);
  const result = await autocannon({
    url: `${service.base}/v1/events`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/json', 'x-feedloop-key': publicKey, origin: ORIGIN },
          body: JSON.stringify({ events: Array.from({ length: EVENTS }, () => feedbackEvent()) }),
        }),
      },
    ],
  });
  const cpuPerRequest = ((processCpuSeconds(service.child.pid!) - cpuBefore) * 1e6) / result['2xx'];
  await stopService(service.child);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const concernOf = new Map<number, string>();
  const concern = (id: number): string => {
    const known = concernOf.get(id);
    if (known !== undefined) return known;
    const { url, functionName } = byId.get(id)!.callFrame;
    const up = parent.get(id);
    const name =
      CONCERNS.find(([, re]) => re.test(url))?.[0] ??
      (['(idle)', '(program)', '(garbage collector)'].includes(functionName) ? functionName : up === undefined ? '' : concern(up));
    concernOf.set(id, name);
    return name;
  };
  const micros = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const name = concern(id) || 'Fastify, Node and the rest';
    micros.set(name, (micros.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const requests = result['2xx'];
  console.log(`${requests} requests answered 2xx in ${result.duration} s (${Math.round(requests / result.duration)} req/s, ${EVENTS} event(s) each), p99 ${result.latency.p99} ms; profile ${file}`);
  const busy = [...micros].filter(([name]) => name !== '(idle)');
  const sampled = busy.reduce((a, [, us]) => a + us, 0);
  console.table(
    busy
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ concern: name, share: `${((100 * us) / sampled).toFixed(1)} %`, 'CPU µs per request': Number(((us / sampled) * cpuPerRequest).toFixed(1)) })),
  );
  console.log(`service process CPU: ${cpuPerRequest.toFixed(1)} µs per request (profiled; sampled busy time ${(sampled / requests).toFixed(1)} µs per request)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
