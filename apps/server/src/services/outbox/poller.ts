/** What the poller reads of its worker's settings (read at each use, so the worker's object rules). */
export interface PollSettings {
  /** How often the outbox is polled. */
  pollMs: number;
  /** Rows claimed per poll: a full batch means more may be due, so the next poll comes at once. */
  batchSize: number;
}

/**
 * The polling of an outbox, the base of the mail worker and the webhook dispatcher: one pass at a
 * time, the next one at once when a pass claimed a full batch or a wake came during it, otherwise
 * after pollMs. What a pass claims, sends and records is the worker's.
 */
export abstract class OutboxPoller<S extends PollSettings> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    readonly settings: S,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** One pass: claims and sends the due rows; resolves with how many were claimed. */
  protected abstract pass(): Promise<number>;

  start(): void {
    this.stopped = false;
    this.schedule(this.settings.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Poll now (a mail was queued, a delivery is to be sent again), instead of at the next interval. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** One pass, or the one already running. */
  tick(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.onError(error))
        .then((claimed) => {
          if (this.stopped) return;
          const more = this.again || claimed === this.settings.batchSize;
          this.again = false;
          this.schedule(more ? 0 : this.settings.pollMs);
        });
    }, ms);
    this.timer.unref();
  }
}

/**
 * backoffMs · 2^(attempt−1), capped at maxBackoffMs, ±20 % so the failures of one outage do not
 * retry in lockstep.
 */
export function retryDelay(attempt: number, settings: { backoffMs: number; maxBackoffMs: number }): number {
  const base = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
