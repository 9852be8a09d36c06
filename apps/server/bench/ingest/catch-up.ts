/**
 * The aggregator's catch-up. It is paused by holding its watermark rows locked (FOR UPDATE: every
 * pass takes its parts' rows first): its next pass waits on the lock without running, while ingest goes
 * on untouched (flushes never touch that row). On release the waiting pass starts at once, and
 * passes follow one another until the watermark reaches the last row stored.
 */
import type pg from 'pg';
import { CpuMeter, type CpuCost } from '../cpu.js';

export interface Watermark {
  lastSeq: number;
  /** The last ingest number drawn. */
  endSeq: number;
}

export async function readWatermark(client: pg.Client): Promise<Watermark> {
  const { rows } = await client.query<{ last_seq: string; end_seq: string }>(`
    select a.last_seq, (select case when is_called then last_value else 0 end from feedloop_ingest_seq) as end_seq
    from feedloop_aggregator a`);
  return { lastSeq: Number(rows[0]!.last_seq), endSeq: Number(rows[0]!.end_seq) };
}

/** Waits until the watermark reaches `seq` (polling every `pollMs`); false after `timeoutMs`. */
export async function waitForWatermark(client: pg.Client, seq: number, timeoutMs: number, pollMs = 5): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while ((await readWatermark(client)).lastSeq < seq) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}

/** Holds the aggregator's watermark row on `client` (its own connection) until resumed. */
export async function pauseAggregator(client: pg.Client): Promise<{ resume(): Promise<void> }> {
  await client.query('begin');
  // Every part's watermark (a pass locks its parts first), then the one readers use.
  await client.query('select part from feedloop_aggregator_parts order by part for update');
  await client.query('select last_seq from feedloop_aggregator for update');
  return { resume: async () => void (await client.query('commit')) };
}

export interface CatchUpResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** CPU µs per row aggregated, by process. */
  cpu: CpuCost;
  caughtUp: boolean;
}

/** Resumes the paused aggregator and times it until every stored row is in the aggregates. */
export async function catchUp(client: pg.Client, paused: { resume(): Promise<void> }, meter: CpuMeter, timeoutMs: number): Promise<CatchUpResult> {
  const { lastSeq, endSeq } = await readWatermark(client);
  const { rows } = await client.query<{ n: string }>(
    'select (select count(*) from feedback where seq > $1) + (select count(*) from exposures where seq > $1) as n',
    [lastSeq],
  );
  const backlog = Number(rows[0]!.n);
  const before = await meter.sample();
  const started = performance.now();
  await paused.resume();
  const caughtUp = await waitForWatermark(client, endSeq, timeoutMs);
  const seconds = (performance.now() - started) / 1000;
  const after = await meter.sample();
  return { rows: backlog, seconds, rowsPerSecond: backlog / seconds, cpu: CpuMeter.cost(before, after, backlog, seconds), caughtUp };
}
