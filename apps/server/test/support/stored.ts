import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { aggregatePass } from '../../src/services/rollups/aggregator.js';
import { verifyAggregates } from '../../src/services/rollups/verify.js';
import type { Ledger } from './load.js';

/**
 * The accounting every fault test ends with: each acknowledged id is stored, each id once; the
 * aggregator, resumed from wherever the fault left it (as another replica would), catches up; and
 * every rollup, first sighting and outbox entry equals a recount from the raw rows.
 */
export async function expectBooksBalance(db: Kysely<Database>, projectId: string, ledger: Ledger): Promise<void> {
  const rows = await db.selectFrom('feedback').select('id').where('project_id', '=', projectId).execute();
  const stored = new Set(rows.map((r) => r.id));
  expect(stored.size).toBe(rows.length);
  const missing = [...ledger.acknowledged].filter((id) => !stored.has(id));
  expect(missing).toEqual([]);
  while ((await aggregatePass(db, 50_000)).more);
  const verified = await verifyAggregates(db, { projectId });
  expect(verified.differences).toEqual([]);
  expect(verified.ok).toBe(true);
}
