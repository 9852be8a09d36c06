import type { Transaction } from 'kysely';
import type { Database, NewExposure, NewFeedback } from '../../db/schema.js';
import { applyFeatureDeltas } from './apply-feature-deltas.js';
import { featureDeltas } from './feature-deltas.js';
import { applyVariantAggregates } from './variant-aggregates.js';

/** Events newly stored by one transaction (duplicates of stored ids already left out). */
export interface NewEvents {
  feedback: readonly NewFeedback[];
  exposures: readonly NewExposure[];
}

/**
 * Brings every rollup up to date with the events a transaction has just inserted, inside that
 * same transaction: the aggregates can never disagree with the raw rows.
 */
export async function applyAggregates(trx: Transaction<Database>, events: NewEvents): Promise<void> {
  await applyFeatureDeltas(trx, featureDeltas(events.feedback));
  await applyVariantAggregates(trx, events);
}
