import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** What one pass did (db/functions/aggregate.ts). */
export interface PassResult {
  rows: number;
  lastSeq: number;
  asOf: Date;
  /** More rows were waiting than one pass takes: the next starts at once. */
  more: boolean;
}

/**
 * One pass of the aggregator: every raw row past the watermark (at most maxRows) into every
 * aggregate; with `worker` of `workers`, only the rows of that worker's parts
 * (db/functions/parts.ts), so that passes of different workers run at once.
 */
export async function aggregatePass(db: Kysely<Database>, maxRows: number, worker = 0, workers = 1): Promise<PassResult> {
  const { rows } = await sql<{ rows: number; last_seq: number; as_of: Date; more: boolean }>`
    select * from feedloop_aggregate(${maxRows}::integer, ${worker}::integer, ${workers}::integer)`.execute(db);
  const r = rows[0]!;
  return { rows: Number(r.rows), lastSeq: Number(r.last_seq), asOf: new Date(r.as_of), more: r.more };
}

/** Whether rows wait past the watermark: a read, so an idle aggregator writes nothing. */
async function rowsWaiting(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ waiting: boolean }>`
    select (select case when is_called then last_value else 0 end from feedloop_ingest_seq)
      > (select last_seq from feedloop_aggregator) as waiting`.execute(db);
  return rows[0]!.waiting;
}

/** Who may run passes: always true alone (PGlite); with PostgreSQL, the replica holding the lock. */
export interface Leadership {
  isLeader(): Promise<boolean>;
  release(): Promise<void>;
}

export interface AggregatorOptions {
  /** Most raw rows one pass takes. */
  maxRows: number;
  /** With nothing to do, how often to look for rows other replicas stored. */
  idlePollMs: number;
  /**
   * Least time from one pass's start to the next's, unless the last pass was full: under a
   * steady trickle, one pass of what came in meanwhile instead of back-to-back tiny passes that
   * each cost a fixed ~1-2 ms of PostgreSQL CPU. Freshness pays at most this much.
   */
  paceMs: number;
  /** Not the leader: how often to try to become it. */
  electionMs: number;
  /**
   * Passes run at once, each over its share of the parts (on connections of their own): a pass
   * is one transaction on one PostgreSQL backend, so one worker catches up at one core's pace.
   */
  workers: number;
  onPass?(result: PassResult, seconds: number): void;
  onError?(error: unknown): void;
}

/** One worker's loop state: its own pacing and its own wake-up. */
interface Worker {
  index: number;
  woken: boolean;
  wakeUp: (() => void) | undefined;
  /** performance.now() before which its next pass waits (paceMs after its last one started). */
  paceUntil: number;
  /** Its last pass was full: rows wait beyond it. */
  full: boolean;
}

/**
 * The aggregator of this replica. Passes follow one another while rows wait (each takes what came
 * in since the last, so they grow with the load), at most one every paceMs unless the last one was
 * full; a local flush wakes an idle aggregator at once, and an idle one looks for rows every
 * idlePollMs. The first worker's passes take every part while they keep up; once one is full (a
 * backlog), the other workers join and each takes its share of the parts, until none is full.
 * Every pass locks the parts it takes (in part order), so who takes which part never matters for
 * correctness, only for the work done at once. Only the leader runs passes; correctness does not
 * depend on that either, only the work saved does.
 */
export class Aggregator {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly workers: Worker[];
  /** Not the leader: rows stored here are the leader's to fold in, they hurry no election. */
  private standby = false;
  /** One leadership check at a time, shared by the workers. */
  private leaderCheck: Promise<boolean> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly leadership: Leadership,
    readonly options: AggregatorOptions,
  ) {
    this.workers = Array.from({ length: Math.max(1, options.workers) }, (_, index) => ({ index, woken: false, wakeUp: undefined, paceUntil: 0, full: false }));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = Promise.all(this.workers.map((w) => this.run(w))).then(() => {});
  }

  /** New rows were committed here: pass now rather than at the next poll. */
  wake(): void {
    for (const worker of this.workers) this.wakeOne(worker);
  }

  private wakeOne(worker: Worker): void {
    worker.woken = true;
    if (!this.standby) worker.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const worker of this.workers) worker.wakeUp?.();
    await this.loop;
    await this.leadership.release().catch(() => {});
  }

  private isLeader(): Promise<boolean> {
    this.leaderCheck ??= this.leadership.isLeader().finally(() => (this.leaderCheck = undefined));
    return this.leaderCheck;
  }

  private async run(worker: Worker): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.isLeader())) {
          this.standby = true;
          await this.sleep(worker, this.options.electionMs);
          continue;
        }
        this.standby = false;
        worker.woken = false;
        const split = this.workers.some((w) => w.full);
        if (worker.index > 0 && !split) {
          // No backlog: the first worker keeps up alone.
          await this.sleep(worker, this.options.idlePollMs);
          continue;
        }
        if (!(await rowsWaiting(this.db))) {
          await this.sleep(worker, this.options.idlePollMs);
          continue;
        }
        const wait = worker.paceUntil - performance.now();
        if (wait > 0) {
          await this.sleep(worker, wait, false);
          if (!this.running) break;
        }
        const started = performance.now();
        const result = split
          ? await aggregatePass(this.db, this.options.maxRows, worker.index, this.workers.length)
          : await aggregatePass(this.db, this.options.maxRows);
        worker.paceUntil = result.more ? 0 : started + this.options.paceMs;
        worker.full = result.more;
        if (result.more && !split) for (const w of this.workers) if (w !== worker) this.wakeOne(w);
        this.options.onPass?.(result, (performance.now() - started) / 1000);
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        this.options.onError?.(error);
        failures += 1;
        await this.sleep(worker, Math.min(5000, 100 * 2 ** failures));
      }
    }
  }

  /** Sleeps ms; stop() ends it, and so does wake() when `wakeable`. */
  private sleep(worker: Worker, ms: number, wakeable = true): Promise<void> {
    if ((wakeable && worker.woken && !this.standby) || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      worker.wakeUp = () => {
        if (wakeable || !this.running) {
          worker.wakeUp = undefined;
          done();
        }
      };
    });
  }
}
