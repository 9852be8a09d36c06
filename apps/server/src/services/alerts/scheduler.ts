import { sql, type Kysely } from 'kysely';
import { ALERTS_LOCK_SQL } from '../../db/functions/locks.js';
import type { Database } from '../../db/schema.js';
import { metricPass } from './checks.js';
import { digestPass } from './digests.js';
import type { FireContext } from './fire.js';
import { keywordPass } from './keywords.js';

export interface SchedulerOptions {
  publicUrl: string | undefined;
  mailOn: boolean;
  /** Ticks (keyword matching, due digests) this often. */
  tickMs: number;
  /** Rating, spike and SRM rules are judged at most this often. */
  metricEveryMs: number;
  /** Alerts are kept this many days. */
  keepDays: number;
  /** The clock (tests set their own: no sleeps). */
  clock: () => Date;
  /** Called after a tick that queued mail or webhook deliveries. */
  onQueued?: () => void;
}

export interface TickResult {
  /** False when another replica held the lock (it did the work). */
  led: boolean;
  keywordAlerts: number;
  metricAlerts: number;
  digests: number;
  purged: number;
}

type Log = { warn(obj: object, msg: string): void };

/**
 * Alerts and digests, in the service: every replica ticks, and a tick does its work only while
 * it holds the transaction-level advisory lock ALERTS (one replica at a time; the others skip).
 * Everything a tick writes (alerts, episodes, mail, deliveries, the watermark, the digests' last
 * periods) commits together, or not at all.
 */
export class AlertScheduler {
  readonly options: SchedulerOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickResult> | undefined;
  private lastMetricAt = -Infinity;
  private stopped = true;

  constructor(
    private readonly db: Kysely<Database>,
    options: SchedulerOptions,
    private readonly log?: Log,
  ) {
    this.options = options;
  }

  now(): Date {
    return this.options.clock();
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One tick now; `metrics: true` judges the metric rules whatever their interval. */
  tick(options: { metrics?: boolean } = {}): Promise<TickResult> {
    const run = async (): Promise<TickResult> => {
      await this.running?.catch(() => undefined);
      return this.run(options.metrics ?? false);
    };
    const next = run().finally(() => {
      if (this.running === next) this.running = undefined;
    });
    this.running = next;
    return next;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.log?.warn({ err: error }, 'alerts: tick failed'))
        .finally(() => {
          if (!this.stopped) this.schedule();
        });
    }, this.options.tickMs);
    this.timer.unref();
  }

  private async run(forceMetrics: boolean): Promise<TickResult> {
    const now = this.now();
    const ctx: FireContext = { publicUrl: this.options.publicUrl, mailOn: this.options.mailOn, now };
    const metricsDue = forceMetrics || now.getTime() - this.lastMetricAt >= this.options.metricEveryMs;
    const result = await this.db.transaction().execute(async (trx): Promise<TickResult> => {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${sql.raw(ALERTS_LOCK_SQL)}) as ok`.execute(trx);
      if (!rows[0]?.ok) return { led: false, keywordAlerts: 0, metricAlerts: 0, digests: 0, purged: 0 };
      const keywordAlerts = await keywordPass(trx, ctx);
      const metricAlerts = metricsDue ? await metricPass(trx, ctx, (error, rule) => this.log?.warn({ err: error, rule: rule.id }, 'alerts: a rule could not be checked')) : 0;
      const digests = this.options.mailOn ? await digestPass(trx, now) : 0;
      const purged = metricsDue ? await purgeAlerts(trx, now, this.options.keepDays) : 0;
      return { led: true, keywordAlerts, metricAlerts, digests, purged };
    });
    if (result.led && metricsDue) this.lastMetricAt = now.getTime();
    if (result.keywordAlerts + result.metricAlerts + result.digests > 0) this.options.onQueued?.();
    return result;
  }
}

/**
 * Alerts older than `keepDays` go (the episodes they opened stay: they say what is still open),
 * and so does a keyword alert whose item is gone (raw-event retention): its quote must not
 * outlive the feedback.
 */
export async function purgeAlerts(db: Kysely<Database>, now: Date, keepDays: number): Promise<number> {
  const result = await sql`
    delete from alert_events e
    where e.fired_at < ${new Date(now.getTime() - keepDays * 86_400_000)}
      or (e.feedback_id is not null and not exists (select 1 from feedback f where f.project_id = e.project_id and f.id = e.feedback_id))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
