import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import { AS_OF_HEADER } from '@feedloop/protocol';
import type { Database } from '../../src/db/schema.js';
import { readFreshness } from '../../src/services/rollups/freshness.js';
import { verifyAggregates } from '../../src/services/rollups/verify.js';
import type { Ledger } from './load.js';
import { expectEveryAcknowledgedEventOnce } from './mixed-ledger.js';

/** The aggregator's watermark row: how far it got, and how many passes committed. */
export async function readWatermark(db: Kysely<Database>): Promise<{ lastSeq: number; passes: number }> {
  const { rows } = await sql<{ last_seq: number; passes: number }>`select last_seq, passes from feedloop_aggregator`.execute(db);
  return { lastSeq: Number(rows[0]!.last_seq), passes: Number(rows[0]!.passes) };
}

/** Waits (bounded) until the services' own aggregator has folded in every row stored so far. */
export async function waitCaughtUp(db: Kysely<Database>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const freshness = await readFreshness(db).catch(() => undefined);
    if (freshness && freshness.endSeq <= freshness.lastSeq) return;
    if (Date.now() > deadline) throw new Error(`the aggregator did not catch up within ${timeoutMs} ms: ${JSON.stringify(freshness)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The same wait through a service's API (PGlite: the test cannot open the database while the
 * service holds it): until an aggregate read says it holds every event acknowledged before now.
 */
export async function waitFreshOverHttp(base: string, secretKey: string, timeoutMs: number): Promise<void> {
  const moment = new Date();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${base}/v1/features?freshAfter=${moment.toISOString()}`, {
      headers: { authorization: `Bearer ${secretKey}` },
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
    const asOf = response?.headers.get(AS_OF_HEADER);
    if (response?.status === 200 && asOf && new Date(asOf) >= moment) return;
    if (Date.now() > deadline) throw new Error(`the aggregator did not catch up within ${timeoutMs} ms (as of ${asOf})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * How every fault test of the aggregator ends, once the services' own aggregator has caught up
 * (no pass run by the test): every acknowledged event stored once, the watermark past every
 * stored row, and every rollup, first sighting and outbox entry equal to a recount of the raw rows.
 */
export async function expectAggregatesExact(db: Kysely<Database>, projectId: string, ledger: Ledger): Promise<void> {
  await expectEveryAcknowledgedEventOnce(db, projectId, ledger);
  const freshness = await readFreshness(db);
  expect(freshness.lastSeq, 'rows left past the watermark').toBeGreaterThanOrEqual(freshness.endSeq);
  const verified = await verifyAggregates(db, { projectId });
  expect(verified.differences).toEqual([]);
  expect(verified.ok).toBe(true);
  expect(verified.checked.feature_daily, 'nothing was aggregated').toBeGreaterThan(0);
}
