import { RATING_SCALES, type RatingScale, type ScaleStatistics } from '@feedloop/protocol';
import {
  npsCountsFromRatings,
  summarizeMean,
  summarizeNps,
  summarizeProportion,
  sufficientStatsFromCounts,
} from '../../stats/index.js';
import { scaleCount, valueCounts, type Counters } from './counters.js';

/** Per rating scale used: the summary with its 95 % interval (Wilson, t, NPS Wald). */
export function scaleStatistics(counters: Counters): ScaleStatistics {
  const out: ScaleStatistics = {};
  for (const scale of Object.keys(RATING_SCALES) as RatingScale[]) {
    if (scaleCount(counters, scale) === 0) continue;
    const values = valueCounts(counters, scale);
    if (scale === 'thumbs') {
      const s = summarizeProportion({ successes: values[1] ?? 0, n: (values[0] ?? 0) + (values[1] ?? 0) });
      out.thumbs = { count: s.n, positive: s.successes, rate: s.proportion, ci: s.ci };
    } else if (scale === 'nps') {
      const s = summarizeNps(npsCountsFromRatings(values));
      out.nps = { count: s.n, promoters: s.promoters, passives: s.passives, detractors: s.detractors, score: s.score, ci: s.ci };
    } else {
      const s = summarizeMean(sufficientStatsFromCounts(values));
      out[scale] = { count: s.n, mean: s.mean, standardDeviation: s.standardDeviation, ci: s.ci };
    }
  }
  return out;
}
