import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { applyVariantDeltas, applyVariantFeatureDeltas } from './apply-variant-deltas.js';
import { experimentsOf, sortedByKey } from './experiments-of.js';
import { recordFirstSeen, type Sighting } from './first-seen.js';
import type { NewEvents } from './index.js';
import {
  variantDelta,
  variantDeltas,
  variantFeatureDeltas,
  variantFeatureKey,
  type VariantFeatureDelta,
} from './variant-deltas.js';

/** In feedback_users, the row of "any feature" (not a valid feature name, so it cannot clash). */
export const ANY_FEATURE = '*';

/**
 * Per-variant rollups: feedback per variant × feature × day, exposures per variant × day, and the
 * distinct-user counters (each user counted once, on the day of their first exposure / first
 * feedback in the variant). Tables are written in one fixed order, rows in key order.
 */
export async function applyVariantAggregates(trx: Transaction<Database>, events: NewEvents): Promise<void> {
  const feedbackDeltas = variantFeatureDeltas(events.feedback);
  const exposureDeltas = variantDeltas(events.exposures);

  const exposed = await recordFirstSeen(
    trx,
    'exposed_users',
    events.exposures.map((r) => ({ key: [r.project_id, r.experiment, r.variant, r.anonymous_id], at: new Date(r.occurred_at) })),
  );
  for (const { key, from, to } of exposed) {
    const [projectId, experiment, variant] = key as [string, string, string];
    variantDelta(exposureDeltas, projectId, experiment, variant, to).exposedUsers += 1;
    if (from) variantDelta(exposureDeltas, projectId, experiment, variant, from).exposedUsers -= 1;
  }

  const sightings: Sighting[] = [];
  for (const row of events.feedback) {
    const at = new Date(row.occurred_at);
    for (const [experiment, variant] of experimentsOf(row.experiments)) {
      sightings.push({ key: [row.project_id, experiment, variant, row.feature, row.anonymous_id], at });
      sightings.push({ key: [row.project_id, experiment, variant, ANY_FEATURE, row.anonymous_id], at });
    }
  }
  for (const { key, from, to } of await recordFirstSeen(trx, 'feedback_users', sightings)) {
    const [projectId, experiment, variant, feature] = key as [string, string, string, string];
    if (feature === ANY_FEATURE) {
      variantDelta(exposureDeltas, projectId, experiment, variant, to).feedbackUsers += 1;
      if (from) variantDelta(exposureDeltas, projectId, experiment, variant, from).feedbackUsers -= 1;
    } else {
      featureBucket(feedbackDeltas, projectId, experiment, variant, feature, to).feedbackUsers += 1;
      if (from) featureBucket(feedbackDeltas, projectId, experiment, variant, feature, from).feedbackUsers -= 1;
    }
  }

  await applyVariantFeatureDeltas(trx, sortedByKey(feedbackDeltas));
  await applyVariantDeltas(trx, sortedByKey(exposureDeltas));
}

/**
 * The bucket of a first-feedback move. The `to` day always has a delta from this batch; a `from`
 * day (the user's old first day) may not, but its row exists, so an empty delta only updates it.
 */
function featureBucket(
  byKey: Map<string, VariantFeatureDelta>,
  projectId: string,
  experiment: string,
  variant: string,
  feature: string,
  day: string,
): VariantFeatureDelta {
  const key = variantFeatureKey(projectId, experiment, variant, feature, day);
  let delta = byKey.get(key);
  if (!delta) {
    delta = { projectId, experiment, variant, feature, day, count: 0, comments: 0, feedbackUsers: 0, lastAt: new Date(0), counters: {} };
    byKey.set(key, delta);
  }
  return delta;
}
