import { npsBucket, RATING_SCALES, type RatingScale, type RatingsSummary } from '@feedloop/protocol';
import { scaleCount, valueCounts, type Counters } from './counters.js';

/** Per-scale rating summaries (no intervals: the feature list's) from a rollup's counters. */
export function summarizeRatings(counters: Counters): RatingsSummary {
  const summary: RatingsSummary = {};
  for (const scale of Object.keys(RATING_SCALES) as RatingScale[]) {
    const count = scaleCount(counters, scale);
    if (count === 0) continue;
    const values = Object.entries(valueCounts(counters, scale)).map(([value, n]) => ({ value: Number(value), n }));
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
    } else {
      summary[scale] = { count, mean: values.reduce((s, v) => s + v.value * v.n, 0) / count };
    }
  }
  return summary;
}
