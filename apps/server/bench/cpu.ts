/**
 * CPU time by process, from /proc (Linux): what each side of a benchmark spends per event, so a
 * throughput can be set against what the machine's cores can carry at that cost.
 *
 * PostgreSQL's share is split by backend: each process connects with its own `application_name`
 * (service.ts), and pg_stat_activity says which backend serves which.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

export const CORES = availableParallelism();

/** The `application_name` of the service's connections: the ingest path. */
export const INGEST_APPLICATION = 'feedloop-ingest';
/** The `application_name` of the aggregator process's connections. */
export const AGGREGATOR_APPLICATION = 'feedloop-aggregator';

/** /proc/<pid>/stat's fields after the command name (which may hold spaces): [0] is field 3, the state. */
function statFields(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
}

/** User + system CPU seconds of one process (all its threads). */
export function processCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Busy CPU seconds of the whole machine, every core and process (interrupts included). */
export function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}

/** The postmaster of the server `client` is connected to: the parent of its backend. */
export async function postmasterPid(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return Number(statFields(rows[0]!.pid)[1]);
}

/**
 * CPU seconds of one PostgreSQL server: its postmaster's own and its reaped children's (backends,
 * autovacuum workers that ended), and each live child's by pid. Other servers on the machine
 * (tests start private ones) are not in it.
 */
function postgresCpu(postmaster: number): { total: number; byPid: Map<number, number> } {
  const fields = statFields(postmaster);
  let total = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const child = statFields(Number(entry));
      if (Number(child[1]) !== postmaster) continue;
      const seconds = (Number(child[11]) + Number(child[12])) / TICKS_PER_SECOND;
      byPid.set(Number(entry), seconds);
      total += seconds;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return { total, byPid };
}

/** What the benchmark measures processes by. */
export interface CpuSample {
  /** CPU seconds of the named Node processes (service, aggregator). */
  processes: Record<string, number>;
  postgres: { total: number; byPid: Map<number, number> };
  /** application_name of each backend. */
  applications: Map<number, string>;
  loadTool: number;
  machine: number;
}

/** CPU µs per unit (event, request or row) by side, and the share of the machine's cores busy. */
export interface CpuCost {
  service: number;
  aggregator: number;
  postgres: number;
  postgresIngest: number;
  postgresAggregator: number;
  postgresOther: number;
  loadTool: number;
  machine: number;
  /** Share of the machine's cores busy during the run. */
  busy: number;
}

/**
 * Samples the CPU of the service and aggregator processes (their pids, when running), of the
 * PostgreSQL server (by backend), of this process (the load tool, or the client of a run without
 * HTTP) and of the whole machine.
 */
export class CpuMeter {
  constructor(
    private readonly admin: pg.Client,
    private readonly postmaster: number,
    private readonly pids: () => { service?: number | undefined; aggregator?: number | undefined },
  ) {}

  async sample(): Promise<CpuSample> {
    const { rows } = await this.admin.query<{ pid: number; application_name: string }>('select pid, application_name from pg_stat_activity');
    const processes: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids())) {
      if (pid === undefined) continue;
      try {
        processes[name] = processCpuSeconds(pid);
      } catch {
        // Already gone.
      }
    }
    return {
      processes,
      postgres: postgresCpu(this.postmaster),
      applications: new Map(rows.map((r) => [r.pid, r.application_name])),
      loadTool: processCpuSeconds(process.pid),
      machine: machineCpuSeconds(),
    };
  }

  /** What the run between two samples cost per unit. */
  static cost(before: CpuSample, after: CpuSample, units: number, seconds: number): CpuCost {
    const per = (cpuSeconds: number) => (units > 0 ? (cpuSeconds * 1e6) / units : 0);
    const byApplication = new Map<string, number>();
    for (const [pid, cpu] of after.postgres.byPid) {
      const application = after.applications.get(pid) ?? before.applications.get(pid) ?? '';
      byApplication.set(application, (byApplication.get(application) ?? 0) + cpu - (before.postgres.byPid.get(pid) ?? 0));
    }
    const postgres = after.postgres.total - before.postgres.total;
    const ingest = byApplication.get(INGEST_APPLICATION) ?? 0;
    const aggregator = byApplication.get(AGGREGATOR_APPLICATION) ?? 0;
    const processDelta = (name: string) => (after.processes[name] ?? 0) - (before.processes[name] ?? 0);
    return {
      service: per(processDelta('service')),
      aggregator: per(processDelta('aggregator')),
      postgres: per(postgres),
      postgresIngest: per(ingest),
      postgresAggregator: per(aggregator),
      // WAL writer, checkpointer, autovacuum, the benchmark's own queries.
      postgresOther: per(postgres - ingest - aggregator),
      loadTool: per(after.loadTool - before.loadTool),
      machine: per(after.machine - before.machine),
      busy: (after.machine - before.machine) / (CORES * seconds),
    };
  }
}
