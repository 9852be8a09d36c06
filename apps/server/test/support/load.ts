import { randomUUID } from 'node:crypto';
import { feedbackEvent } from './app.js';

type Event = ReturnType<typeof feedbackEvent>;

/**
 * A bounded load of clients sending batches with known ids, keeping the books a client of the
 * contract keeps: an id answered with 200 is stored (accepted or duplicate); anything else
 * (a 503, a reset connection) is kept to be sent again, with the same id.
 */
export class Ledger {
  readonly acknowledged = new Set<string>();
  readonly pending = new Map<string, Event>();
  statuses: Record<string, number> = {};

  constructor(
    private readonly key: string,
    private readonly features = ['alpha', 'beta', 'gamma'],
  ) {}

  newEvents(n: number): Event[] {
    return Array.from({ length: n }, (_, i) =>
      feedbackEvent({
        id: randomUUID(),
        feature: this.features[(this.acknowledged.size + this.pending.size + i) % this.features.length],
        rating: { scale: 'stars', value: 1 + ((this.pending.size + i) % 5) },
        experiments: { exp: i % 2 ? 'a' : 'b' },
      }),
    );
  }

  /** Sends a batch once; returns false when the service did not acknowledge it. */
  async send(base: string, events: Event[]): Promise<boolean> {
    for (const e of events) this.pending.set(e.id as string, e);
    let status = 'network';
    try {
      const response = await fetch(`${base}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-feedloop-key': this.key },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(10_000),
      });
      status = String(response.status);
      const body = (await response.json()) as { accepted?: number; rejected?: unknown[] };
      if (response.status === 200) {
        if (body.rejected?.length) throw new Error(`events rejected: ${JSON.stringify(body.rejected)}`);
        for (const e of events) {
          this.pending.delete(e.id as string);
          this.acknowledged.add(e.id as string);
        }
        return true;
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('events rejected')) throw error;
    } finally {
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    }
    return false;
  }

  /** `clients` loops sending fresh batches until `stop()` says so (bounded by `maxBatches` each). */
  async run(base: () => string, options: { clients: number; batch: number; maxBatches: number; stop: () => boolean }): Promise<void> {
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        for (let i = 0; i < options.maxBatches && !options.stop(); i++) {
          if (!(await this.send(base(), this.newEvents(options.batch)))) await new Promise((r) => setTimeout(r, 50));
        }
      }),
    );
  }

  /** Re-sends everything not acknowledged, as a client's retry queue would. */
  async retryPending(base: string, attempts = 50): Promise<void> {
    for (let i = 0; i < attempts && this.pending.size > 0; i++) {
      const batch = [...this.pending.values()].slice(0, 50);
      if (!(await this.send(base, batch))) await new Promise((r) => setTimeout(r, 200));
    }
    if (this.pending.size > 0) throw new Error(`${this.pending.size} events still not acknowledged`);
  }
}
