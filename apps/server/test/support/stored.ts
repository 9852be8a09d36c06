import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { verifyAggregates } from '../../src/services/rollups/verify.js';
import type { Ledger } from './load.js';

/**
 * The accounting every fault test ends with: each acknowledged id is stored, each id once, and
 * every rollup equals a recount from the raw rows.
 */
export async function expectBooksBalance(db: Kysely<Database>, projectId: string, ledger: Ledger): Promise<void> {
  const rows = await db.selectFrom('feedback').select('id').where('project_id', '=', projectId).execute();
  const stored = new Set(rows.map((r) => r.id));
  expect(stored.size).toBe(rows.length);
  const missing = [...ledger.acknowledged].filter((id) => !stored.has(id));
  expect(missing).toEqual([]);
  const verified = await verifyAggregates(db, { projectId });
  expect(verified.differences).toEqual([]);
  expect(verified.ok).toBe(true);
}
