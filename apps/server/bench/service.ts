/** What the benchmarks share: the service (and other Node servers) in their own processes, their memory, the export client. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/**
 * The V8 heap limits the service runs with (package.json's start script and the Dockerfile's
 * NODE_OPTIONS): young-generation spaces of 16 MB (a third of the default's scavenges, a tenth
 * of the CPU the 4 MB ones cost) and a bounded old one keep its memory well under 200 MB under
 * load (docs/benchmarks.md).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=16', '--max-old-space-size=128'];

/** A connection string whose connections PostgreSQL names `name` (pg_stat_activity.application_name). */
export function withApplicationName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}

export interface Server {
  base: string;
  child: ChildProcess;
}

/** A Node process serving HTTP: resolves with its base URL once its output matches `ready`. */
export async function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<Server> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${code}:\n${out}`)));
  });
  return { base, child };
}

/**
 * The service as deployed: its own process (so the client's work is not measured with it).
 * `applicationName` names its connections, so PostgreSQL's CPU can be told apart by process.
 */
export async function startService(schema: string, extraEnv: Record<string, string> = {}, applicationName?: string): Promise<Server> {
  const url = applicationName === undefined ? DATABASE_URL : withApplicationName(DATABASE_URL, applicationName);
  const env = { DATABASE_URL: url, FEEDLOOP_DB_SCHEMA: schema, FEEDLOOP_DEMO: 'off', FEEDLOOP_RATE_LIMIT_PER_MINUTE: '0', PORT: '0', LOG_LEVEL: 'warn', ...extraEnv };
  // BENCH_NODE_FLAGS adds flags for a look inside, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extraFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  return startProcess([...SERVICE_NODE_FLAGS, ...extraFlags, main], env, /Feedloop is running at (\S+)/);
}

export async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** Resident memory of a process (MB), from /proc. */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 102.4) / 10;
}

/** The service's V8 heap in use (MB), from its /metrics (prom-client's default metrics). */
async function heapMb(base: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    const match = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(text);
    return match ? Math.round(Number(match[1]) / 1e5) / 10 : undefined;
  } catch {
    return undefined;
  }
}

export interface ExportResult {
  rows: number;
  mb: number;
  seconds: number;
  rowsPerSecond: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  heapBeforeMb: number | undefined;
  heapPeakMb: number | undefined;
}

/**
 * GET `path` (a CSV export) over HTTP, reading as fast as it arrives; counts records (\r\n, the
 * record end; a quoted line break inside a cell is a bare \n) and samples the service's RSS
 * (every 50 ms) and heap (every 250 ms) meanwhile.
 */
export async function exportOverHttp(base: string, key: string, pid: number, path: string): Promise<ExportResult> {
  const rssBefore = rssMb(pid);
  const heapBefore = await heapMb(base);
  let rssPeak = rssBefore;
  let heapPeak = heapBefore;
  const rssSampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 50);
  let sampling = true;
  const heapSampler = (async () => {
    while (sampling) {
      const heap = await heapMb(base);
      if (heap !== undefined) heapPeak = Math.max(heapPeak ?? 0, heap);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const started = process.hrtime.bigint();
  try {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error(`export: ${response.status} ${await response.text()}`);
    let rows = -1; // the header
    let bytes = 0;
    let previous = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) if ((i > 0 ? chunk[i - 1] : previous) === 13) rows++;
      previous = chunk[chunk.length - 1] ?? 0;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      rows, seconds, rowsPerSecond: Math.round(rows / seconds), mb: Math.round(bytes / 1e5) / 10,
      rssBeforeMb: rssBefore, rssPeakMb: rssPeak, heapBeforeMb: heapBefore, heapPeakMb: heapPeak,
    };
  } finally {
    clearInterval(rssSampler);
    sampling = false;
    await heapSampler;
  }
}
