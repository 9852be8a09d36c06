import type { NewExposure, NewFeedback } from '../../db/schema.js';
import { experimentsOf } from './experiments-of.js';
import { addFeedback, utcDay, type FeatureDelta } from './feature-deltas.js';

/** What new feedback adds to one (project, experiment, variant, feature, day) bucket. */
export interface VariantFeatureDelta extends FeatureDelta {
  experiment: string;
  variant: string;
  /** Change of the first-feedback user counter (filled in from the first-seen tables). */
  feedbackUsers: number;
}

/** What new events add to one (project, experiment, variant, day) bucket. */
export interface VariantDelta {
  projectId: string;
  experiment: string;
  variant: string;
  day: string;
  exposures: number;
  exposedUsers: number;
  feedbackUsers: number;
}

export const variantFeatureKey = (p: string, e: string, v: string, f: string, day: string) =>
  `${p}\u0000${e}\u0000${v}\u0000${f}\u0000${day}`;
export const variantKey = (p: string, e: string, v: string, day: string) => `${p}\u0000${e}\u0000${v}\u0000${day}`;

/** Folds feedback into per-variant × feature × day deltas: one per variant the user was in. */
export function variantFeatureDeltas(rows: readonly NewFeedback[]): Map<string, VariantFeatureDelta> {
  const byKey = new Map<string, VariantFeatureDelta>();
  for (const row of rows) {
    const occurredAt = new Date(row.occurred_at);
    const day = utcDay(occurredAt);
    for (const [experiment, variant] of experimentsOf(row.experiments)) {
      const key = variantFeatureKey(row.project_id, experiment, variant, row.feature, day);
      let delta = byKey.get(key);
      if (!delta) {
        delta = {
          projectId: row.project_id,
          experiment,
          variant,
          feature: row.feature,
          day,
          count: 0,
          comments: 0,
          feedbackUsers: 0,
          lastAt: occurredAt,
          counters: {},
        };
        byKey.set(key, delta);
      }
      addFeedback(delta, row, occurredAt);
    }
  }
  return byKey;
}

/** Folds exposures into per-variant × day deltas (exposure counts only; users come later). */
export function variantDeltas(rows: readonly NewExposure[]): Map<string, VariantDelta> {
  const byKey = new Map<string, VariantDelta>();
  for (const row of rows) {
    const day = utcDay(new Date(row.occurred_at));
    variantDelta(byKey, row.project_id, row.experiment, row.variant, day).exposures += 1;
  }
  return byKey;
}

/** The delta of a bucket, created empty when missing. */
export function variantDelta(
  byKey: Map<string, VariantDelta>,
  projectId: string,
  experiment: string,
  variant: string,
  day: string,
): VariantDelta {
  const key = variantKey(projectId, experiment, variant, day);
  let delta = byKey.get(key);
  if (!delta) {
    delta = { projectId, experiment, variant, day, exposures: 0, exposedUsers: 0, feedbackUsers: 0 };
    byKey.set(key, delta);
  }
  return delta;
}
