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

/** One pass of the aggregator: every raw row past the watermark (at most maxRows) into every aggregate. */
export async function aggregatePass(db: Kysely<Database>, maxRows: number): Promise<PassResult> {
  const { rows } = await sql<{ rows: number; last_seq: number; as_of: Date; more: boolean }>`
    select * from feedloop_aggregate(${maxRows}::integer)`.execute(db);
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
  onPass?(result: PassResult, seconds: number): void;
  onError?(error: unknown): void;
}

/**
 * The aggregator loop of this replica. Passes follow one another while rows wait (each takes
 * what came in since the last, so they grow with the load), at most one every paceMs unless the
 * last one was full; a local flush wakes an idle aggregator at once, and an idle one looks for
 * rows every idlePollMs. Only the leader runs passes; correctness does
 * not depend on it (passes serialise on the watermark row), only the work saved does.
 */
export class Aggregator {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** Not the leader: rows stored here are the leader's to fold in, they hurry no election. */
  private standby = false;
  /** performance.now() before which the next pass waits (paceMs after the last one started). */
  private paceUntil = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly leadership: Leadership,
    readonly options: AggregatorOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New rows were committed here: pass now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    if (!this.standby) this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.leadership.release().catch(() => {});
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.leadership.isLeader())) {
          this.standby = true;
          await this.sleep(this.options.electionMs);
          continue;
        }
        this.standby = false;
        this.woken = false;
        if (!(await rowsWaiting(this.db))) {
          await this.sleep(this.options.idlePollMs);
          continue;
        }
        const wait = this.paceUntil - performance.now();
        if (wait > 0) {
          await this.sleep(wait, false);
          if (!this.running) break;
        }
        const started = performance.now();
        const result = await aggregatePass(this.db, this.options.maxRows);
        this.paceUntil = result.more ? 0 : started + this.options.paceMs;
        this.options.onPass?.(result, (performance.now() - started) / 1000);
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        this.options.onError?.(error);
        failures += 1;
        await this.sleep(Math.min(5000, 100 * 2 ** failures));
      }
    }
  }

  /** Sleeps ms; stop() ends it, and so does wake() when `wakeable`. */
  private sleep(ms: number, wakeable = true): Promise<void> {
    if ((wakeable && this.woken && !this.standby) || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        if (wakeable || !this.running) {
          this.wakeUp = undefined;
          done();
        }
      };
    });
  }
}
