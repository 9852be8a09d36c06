import type { Category, RatingScale } from '@feedloop/protocol';
import type { NewFeedback } from '../../db/schema.js';
import { categoryColumn, ratingColumn, type RollupColumn } from './columns.js';

/** What a set of new feedback rows adds to one (project, feature, day) bucket of the rollup. */
export interface FeatureDelta {
  projectId: string;
  feature: string;
  day: string;
  count: number;
  comments: number;
  lastAt: Date;
  counters: Partial<Record<RollupColumn, number>>;
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Folds feedback rows into per-(feature, day) deltas, sorted by key: rows of the rollup are then
 * always locked in the same order, so concurrent writers cannot deadlock.
 */
export function featureDeltas(rows: readonly NewFeedback[]): FeatureDelta[] {
  const byKey = new Map<string, FeatureDelta>();
  for (const row of rows) {
    const occurredAt = new Date(row.occurred_at);
    const day = utcDay(occurredAt);
    const key = `${row.project_id}\u0000${row.feature}\u0000${day}`;
    let delta = byKey.get(key);
    if (!delta) {
      delta = { projectId: row.project_id, feature: row.feature, day, count: 0, comments: 0, lastAt: occurredAt, counters: {} };
      byKey.set(key, delta);
    }
    addFeedback(delta, row, occurredAt);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, delta]) => delta);
}

/** What one feedback row adds to a rollup bucket: the count, comments, latest time, histograms. */
export function addFeedback(
  delta: { count: number; comments: number; lastAt: Date; counters: Partial<Record<RollupColumn, number>> },
  row: NewFeedback,
  occurredAt: Date,
): void {
  delta.count += 1;
  if (row.comment) delta.comments += 1;
  if (occurredAt > delta.lastAt) delta.lastAt = occurredAt;
  if (row.rating_scale != null && row.rating_value != null) {
    bump(delta.counters, ratingColumn(row.rating_scale as RatingScale, row.rating_value));
  }
  if (row.category) bump(delta.counters, categoryColumn(row.category as Category));
}

function bump(counters: Partial<Record<RollupColumn, number>>, column: RollupColumn): void {
  counters[column] = (counters[column] ?? 0) + 1;
}
