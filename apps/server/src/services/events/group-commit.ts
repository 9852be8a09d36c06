import { HttpError } from '../../http-error.js';
import type { EventRows } from './to-rows.js';
import { eventKey, type WriteResult } from './write-events.js';

export interface GroupCommitOptions {
  /** Most events written by one transaction. */
  maxBatchEvents: number;
  /** Wait this long for more requests before a flush (0: flush as soon as a writer is free). */
  intervalMs: number;
  /** Transactions in flight at once. */
  concurrency: number;
  /** Events waiting for a flush before new requests are refused with 503 overloaded. */
  maxBufferedEvents: number;
  /** Writes one merged batch in one transaction. */
  write(rows: EventRows): Promise<WriteResult>;
  /** Told about every flush, for metrics. */
  onFlush?(events: number, seconds: number, error?: unknown): void;
}

interface Pending {
  rows: EventRows;
  size: number;
  resolve(result: WriteResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit: events of concurrent requests are merged and written by one transaction, and
 * each request is answered when the transaction holding its events has committed. Adaptive by
 * default: an idle writer flushes at once (no added latency at low load), and while
 * transactions are in flight the next batch builds up (one commit for many requests at high load).
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private buffered = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: GroupCommitOptions) {}

  /** Events waiting for or inside a transaction. */
  get depth(): number {
    return this.buffered;
  }

  write(rows: EventRows): Promise<WriteResult> {
    const size = rows.feedback.length + rows.exposures.length + rows.promptEvents.length;
    if (size === 0) return Promise.resolve({ inserted: new Set() });
    if (this.closed) {
      return Promise.reject(new HttpError(503, 'overloaded', 'the service is shutting down; retry', { 'retry-after': '1' }));
    }
    if (this.buffered + size > this.options.maxBufferedEvents) {
      return Promise.reject(
        new HttpError(503, 'overloaded', 'too many events waiting to be written; retry shortly', { 'retry-after': '1' }),
      );
    }
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ rows, size, resolve, reject });
      this.buffered += size;
      this.schedule();
    });
  }

  /** Stops taking writes and resolves when every accepted one has been committed (or failed). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0 && this.inFlight < this.options.concurrency) this.flush();
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.inFlight >= this.options.concurrency || this.queue.length === 0) return;
    const full = this.queuedEvents() >= this.options.maxBatchEvents;
    if (this.options.intervalMs <= 0 || full || this.closed) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.intervalMs);
  }

  private queuedEvents(): number {
    let n = 0;
    for (const p of this.queue) n += p.size;
    return n;
  }

  private flush(): void {
    if (this.queue.length === 0) return;
    // Take whole requests up to the batch size (always at least one, however large).
    const batch: Pending[] = [];
    let events = 0;
    while (this.queue.length > 0 && (batch.length === 0 || events + this.queue[0]!.size <= this.options.maxBatchEvents)) {
      const next = this.queue.shift()!;
      batch.push(next);
      events += next.size;
    }
    const merged: EventRows = { feedback: [], exposures: [], promptEvents: [] };
    for (const p of batch) {
      for (const row of p.rows.feedback) merged.feedback.push(row);
      for (const row of p.rows.exposures) merged.exposures.push(row);
      for (const row of p.rows.promptEvents) merged.promptEvents.push(row);
    }
    this.inFlight += 1;
    const started = performance.now();
    // The next flush starts before this one's requests are answered: writing their responses
    // takes a while, and the database would sit idle meanwhile.
    const done = () => {
      this.inFlight -= 1;
      this.buffered -= events;
      if (this.queue.length > 0) this.schedule();
      else if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
    this.options.write(merged).then(
      (result) => {
        this.options.onFlush?.(events, (performance.now() - started) / 1000);
        done();
        // An id sent by several requests of the batch was stored once: it is the first one's.
        const claimed = new Set<string>();
        for (const p of batch) p.resolve({ inserted: claim(p.rows, result.inserted, claimed) });
      },
      (error: unknown) => {
        this.options.onFlush?.(events, (performance.now() - started) / 1000, error);
        done();
        for (const p of batch) p.reject(error);
      },
    );
  }
}

function claim(rows: EventRows, inserted: Set<string>, claimed: Set<string>): Set<string> {
  const mine = new Set<string>();
  for (const row of [...rows.feedback, ...rows.exposures, ...rows.promptEvents]) {
    const key = eventKey(row.project_id, row.id);
    if (inserted.has(key) && !claimed.has(key)) {
      claimed.add(key);
      mine.add(key);
    }
  }
  return mine;
}
