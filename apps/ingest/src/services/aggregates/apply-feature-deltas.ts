import { sql, type Transaction } from 'kysely';
import { columnList, unnestRows, type BulkColumn } from '../../db/bulk.js';
import type { Database } from '../../db/schema.js';
import { ROLLUP_COLUMNS } from './columns.js';
import type { FeatureDelta } from './feature-deltas.js';

const COLUMNS: BulkColumn<FeatureDelta>[] = [
  { name: 'project_id', type: 'uuid', value: (d) => d.projectId },
  { name: 'feature', type: 'text', value: (d) => d.feature },
  { name: 'day', type: 'date', value: (d) => d.day },
  { name: 'count', type: 'bigint', value: (d) => d.count },
  { name: 'comments', type: 'bigint', value: (d) => d.comments },
  { name: 'last_at', type: 'timestamptz', value: (d) => d.lastAt },
  ...ROLLUP_COLUMNS.map((column): BulkColumn<FeatureDelta> => ({ name: column, type: 'bigint', value: (d) => d.counters[column] ?? 0 })),
];

const ADDED = ['count', 'comments', ...ROLLUP_COLUMNS].map((c) => sql`${sql.ref(c)} = feature_daily.${sql.ref(c)} + excluded.${sql.ref(c)}`);

/** Adds deltas to the daily feature rollup (one upsert; deltas arrive sorted by key). */
export async function applyFeatureDeltas(trx: Transaction<Database>, deltas: readonly FeatureDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await sql`
    insert into feature_daily ${columnList(COLUMNS)}
    ${unnestRows(COLUMNS, deltas)}
    on conflict (project_id, feature, day) do update set
      ${sql.join(ADDED)},
      last_at = greatest(feature_daily.last_at, excluded.last_at)`.execute(trx);
}
