/**
 * CPU time by process, from /proc (Linux): what each side of a benchmark spends per event, so a
 * throughput can be set against what the machine's cores can carry at that cost.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

/** User + system CPU seconds of one process (all its threads). */
export function processCpuSeconds(pid: number): number {
  // The command name, in parentheses, may hold spaces: the fields count from after it.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds of every process named `name` (PostgreSQL's backends, WAL writer, checkpointer…). */
export function processesCpuSeconds(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) total += processCpuSeconds(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** Busy CPU seconds of the whole machine, every core and process (interrupts included). */
export function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}

export const CORES = availableParallelism();

export interface CpuSample {
  server: number;
  postgres: number;
  loadTool: number;
  machine: number;
}

/** CPU seconds so far of the server process, PostgreSQL, this process (the load tool) and the machine. */
export function sampleCpu(serverPid: number | undefined): CpuSample {
  return {
    server: serverPid === undefined ? 0 : processCpuSeconds(serverPid),
    postgres: processesCpuSeconds('postgres'),
    loadTool: processCpuSeconds(process.pid),
    machine: machineCpuSeconds(),
  };
}

/** What a run between two samples cost: CPU µs per unit (event or request) by side, and the share of the cores busy. */
export function cpuCost(before: CpuSample, after: CpuSample, units: number, seconds: number): { perUnit: CpuSample; busy: number } {
  const per = (key: keyof CpuSample) => (units > 0 ? ((after[key] - before[key]) * 1e6) / units : 0);
  return {
    perUnit: { server: per('server'), postgres: per('postgres'), loadTool: per('loadTool'), machine: per('machine') },
    busy: (after.machine - before.machine) / (CORES * seconds),
  };
}
