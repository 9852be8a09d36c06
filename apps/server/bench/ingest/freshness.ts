/**
 * Freshness under load: how long after an event is acknowledged it is counted by the aggregate
 * API. A probe posts one marked event (a feature of its own) every `intervalMs`; a poller reads
 * the aggregator's watermark every `pollMs`. The watermark moves in the same transaction as the
 * rollups (db/functions/aggregate.ts), so the first read at which it has passed the probe's row
 * is when GET /v1/features can first count it (to within one poll). At the end, one
 * GET /v1/features checks that it does count every probe.
 */
import type pg from 'pg';
import { ORIGIN, feedbackEvent } from './events.js';

export interface FreshnessResult {
  probes: number;
  /** Acknowledged → visible, ms, sorted. */
  latencies: number[];
  p50: number;
  p99: number;
  max: number;
  /** Probes acknowledged but not visible within the wait. */
  missing: number;
  /** Probes GET /v1/features counted exactly once at the end. */
  counted: number;
}

interface Probe {
  feature: string;
  id: string;
  ackedAt: number;
  seq?: number;
  visibleAt?: number;
}

export class FreshnessProbe {
  private running = false;
  private readonly probes: Probe[] = [];
  /** (time, watermark) of every poll, in time order. */
  private readonly watermarks: { at: number; lastSeq: number }[] = [];
  private sender: NodeJS.Timeout | undefined;
  private poller: Promise<void> | undefined;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly base: string,
    private readonly keys: { publicKey: string; secretKey: string },
    /** Probes look up their rows while the poller reads the watermark: a pool, not one client. */
    private readonly db: pg.Pool,
    private readonly projectId: string,
    private readonly intervalMs = 100,
    private readonly pollMs = 10,
  ) {}

  start(): void {
    this.running = true;
    let n = 0;
    this.sender = setInterval(() => {
      const sent = this.send(`probe-${n++}`).catch(() => {});
      this.pending.add(sent);
      void sent.finally(() => this.pending.delete(sent));
    }, this.intervalMs);
    this.poller = this.poll();
  }

  /** Stops probing; waits (at most `waitMs`) until every acknowledged probe is visible. */
  async stop(waitMs = 10_000): Promise<FreshnessResult> {
    clearInterval(this.sender);
    await Promise.all(this.pending);
    const deadline = performance.now() + waitMs;
    while (this.probes.some((p) => p.visibleAt === undefined) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    this.running = false;
    await this.poller;
    const latencies = this.probes.filter((p) => p.visibleAt !== undefined).map((p) => p.visibleAt! - p.ackedAt).sort((a, b) => a - b);
    const at = (q: number) => (latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!);
    return {
      probes: this.probes.length,
      latencies,
      p50: at(0.5),
      p99: at(0.99),
      max: latencies.at(-1) ?? NaN,
      missing: this.probes.length - latencies.length,
      counted: await this.countedByTheApi(),
    };
  }

  private async send(feature: string): Promise<void> {
    const event = feedbackEvent(feature);
    const response = await fetch(`${this.base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-feedloop-key': this.keys.publicKey, origin: ORIGIN },
      body: JSON.stringify({ events: [event] }),
    });
    await response.arrayBuffer();
    if (!response.ok) return;
    const probe: Probe = { feature, id: event.id, ackedAt: performance.now() };
    this.probes.push(probe);
    const { rows } = await this.db.query<{ seq: string }>('select seq from feedback where project_id = $1 and id = $2', [this.projectId, event.id]);
    probe.seq = Number(rows[0]!.seq);
    this.settle();
  }

  private async poll(): Promise<void> {
    while (this.running) {
      const { rows } = await this.db.query<{ last_seq: string }>('select last_seq from feedloop_aggregator');
      this.watermarks.push({ at: performance.now(), lastSeq: Number(rows[0]!.last_seq) });
      this.settle();
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  /** Each probe whose row the watermark has passed: visible at the first poll after its acknowledgement that saw it passed. */
  private settle(): void {
    for (const probe of this.probes) {
      if (probe.visibleAt !== undefined || probe.seq === undefined) continue;
      const seen = this.watermarks.find((w) => w.at >= probe.ackedAt && w.lastSeq >= probe.seq!);
      if (seen) probe.visibleAt = seen.at;
    }
  }

  private async countedByTheApi(): Promise<number> {
    const response = await fetch(`${this.base}/v1/features`, { headers: { authorization: `Bearer ${this.keys.secretKey}` } });
    const { features } = (await response.json()) as { features: { feature: string; count: number }[] };
    const counts = new Map(features.map((f) => [f.feature, f.count]));
    return this.probes.filter((p) => counts.get(p.feature) === 1).length;
  }
}
