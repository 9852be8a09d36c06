import { expect } from 'vitest';
import type { Kysely } from 'kysely';
import type { TestApp } from './app.js';
import type { Database } from '../../src/db/schema.js';
import { waitForFreshness } from '../../src/services/rollups/freshness.js';
import { verifyAggregates } from '../../src/services/rollups/verify.js';

/** Waits until the aggregator holds every event stored before now (it fails after 10 s). */
export async function aggregated(db: Kysely<Database>): Promise<void> {
  const moment = new Date();
  const freshness = await waitForFreshness(db, moment, 10_000);
  expect(freshness.asOf.getTime(), 'the aggregator did not catch up within 10 s').toBeGreaterThanOrEqual(moment.getTime());
}

/** After a write scenario: once aggregated, every rollup equals its recomputation from the raw rows. */
export async function expectAggregatesConsistent(t: TestApp): Promise<void> {
  await aggregated(t.database.db);
  const result = await verifyAggregates(t.database.db);
  expect(result.differences).toEqual([]);
  expect(result.ok).toBe(true);
}
