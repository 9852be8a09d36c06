/** What the ingest benchmark prints: the scenarios, each figure against its target (PASS/FAIL), and CPU per event by process. */
import { CORES, type CpuCost } from '../cpu.js';

export interface Check {
  figure: string;
  measured: string;
  target: string;
  pass: boolean;
}

const n = (value: number) => Math.round(value).toLocaleString('en');
/** One decimal; -0 (tick rounding) shown as 0. */
const µs = (value: number) => Math.round(value * 10) / 10 || 0;

export function ratio(value: number, baseline: number): string {
  return (value / baseline).toFixed(2);
}

/** Prints the checks; true if all pass. */
export function printChecks(title: string, checks: Check[]): boolean {
  console.log(`\n${title}`);
  console.table(checks.map((c) => ({ figure: c.figure, measured: c.measured, target: c.target, result: c.pass ? 'PASS' : 'FAIL' })));
  return checks.every((c) => c.pass);
}

export interface CpuRow {
  scenario: string;
  /** What a unit is: event, request or row. */
  unit: string;
  perSecond: number;
  cpu: CpuCost;
}

/**
 * CPU µs per unit by process, and the rate the machine's cores could carry at the machine's cost
 * per unit: the throughput set against the work each unit costs here, whatever the scheduling.
 */
export function printCpu(rows: CpuRow[]): void {
  console.log(
    `\nCPU µs per unit, by process (/proc: user + system). PostgreSQL is split by backend (pg_stat_activity.application_name): ingest =` +
      ` the service's (or the no-HTTP client's) connections, aggregator = the aggregator process's, other = WAL writer, checkpointer,` +
      ` autovacuum, the benchmark's own queries. Load tool = the benchmark's process (autocannon, or the client without HTTP).` +
      ` Machine = every busy core, whatever runs on it. Ceiling = units/s that ${CORES} fully busy cores carry at the machine's cost.`,
  );
  console.table(
    rows.map(({ scenario, unit, perSecond, cpu }) => ({
      scenario,
      unit,
      'per s': n(perSecond),
      service: µs(cpu.service),
      aggregator: µs(cpu.aggregator),
      'PG ingest': µs(cpu.postgresIngest),
      'PG aggregator': µs(cpu.postgresAggregator),
      'PG other': µs(cpu.postgresOther),
      'PG total': µs(cpu.postgres),
      'load tool': µs(cpu.loadTool),
      machine: µs(cpu.machine),
      'cores busy': `${Math.round(100 * cpu.busy)} %`,
      ceiling: n((CORES * 1e6) / cpu.machine),
    })),
  );
}

export { n as count, µs as micros };
