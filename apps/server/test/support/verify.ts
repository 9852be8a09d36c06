import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { verifyAggregates } from '../../src/services/rollups/verify.js';

/** After a write scenario: every rollup equals its recomputation from the raw rows. */
export async function expectAggregatesConsistent(t: TestApp): Promise<void> {
  const result = await verifyAggregates(t.database.db);
  expect(result.differences).toEqual([]);
  expect(result.ok).toBe(true);
}
