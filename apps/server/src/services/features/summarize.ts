import { npsBucket, type RatingsSummary } from '@feedloop/protocol';
import { RATING_COLUMNS, type RollupColumn } from '../aggregates/columns.js';

export type RollupCounters = Record<RollupColumn, number>;

/** Per-scale rating summaries from the per-value histogram of a rollup. */
export function summarizeRatings(counters: RollupCounters): RatingsSummary {
  const summary: RatingsSummary = {};
  const byScale = new Map<string, { value: number; n: number }[]>();
  for (const { scale, value, column } of RATING_COLUMNS) {
    const n = Number(counters[column] ?? 0);
    if (n > 0) byScale.set(scale, [...(byScale.get(scale) ?? []), { value, n }]);
  }
  for (const [scale, values] of byScale) {
    const count = values.reduce((s, v) => s + v.n, 0);
    if (scale === 'thumbs') {
      const positive = values.find((v) => v.value === 1)?.n ?? 0;
      summary.thumbs = { count, positive, positiveRate: positive / count };
    } else if (scale === 'nps') {
      const buckets = { promoter: 0, passive: 0, detractor: 0 };
      for (const v of values) buckets[npsBucket(v.value)] += v.n;
      summary.nps = {
        count,
        promoters: buckets.promoter,
        passives: buckets.passive,
        detractors: buckets.detractor,
        score: (100 * (buckets.promoter - buckets.detractor)) / count,
      };
    } else if (scale === 'stars' || scale === 'emoji') {
      summary[scale] = { count, mean: values.reduce((s, v) => s + v.value * v.n, 0) / count };
    }
  }
  return summary;
}
