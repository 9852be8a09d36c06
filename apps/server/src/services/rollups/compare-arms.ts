import type { Metric, MetricComparison } from '@feedloop/protocol';
import {
  compareMeans,
  compareNps,
  compareProportions,
  holmBonferroni,
  npsCountsFromRatings,
  sufficientStatsFromCounts,
  verdict,
  type Comparison,
} from '../../stats/index.js';
import { scaleCount, valueCounts, type Counters } from './counters.js';

/** One arm: its rollup counters and, for experiments, exposed users and users who gave feedback. */
export interface Arm {
  label: string;
  counters: Counters;
  users?: { exposed: number; gaveFeedback: number };
}

const METRIC_LABELS: Record<Metric, string> = {
  feedbackRate: 'the feedback rate',
  thumbs: 'the thumbs-up share',
  stars: 'the mean star rating',
  emoji: 'the mean emoji rating',
  nps: 'NPS',
};

/** The test of one metric between two arms, or undefined when neither arm has data for it. */
function compareMetric(metric: Metric, control: Arm, treatment: Arm): Comparison | undefined {
  if (metric === 'feedbackRate') {
    if (!control.users || !treatment.users) return undefined;
    return compareProportions(rateCounts(control.users), rateCounts(treatment.users));
  }
  if (scaleCount(control.counters, metric) + scaleCount(treatment.counters, metric) === 0) return undefined;
  const c = valueCounts(control.counters, metric);
  const t = valueCounts(treatment.counters, metric);
  if (metric === 'thumbs') {
    return compareProportions({ successes: c[1] ?? 0, n: (c[0] ?? 0) + (c[1] ?? 0) }, { successes: t[1] ?? 0, n: (t[0] ?? 0) + (t[1] ?? 0) });
  }
  if (metric === 'nps') return compareNps(npsCountsFromRatings(c), npsCountsFromRatings(t));
  return compareMeans(sufficientStatsFromCounts(c), sufficientStatsFromCounts(t));
}

/**
 * Users who gave feedback out of exposed users. Feedback from a user whose exposure was not
 * recorded still counts as feedback, so the successes are capped at the trials.
 */
export function rateCounts(users: { exposed: number; gaveFeedback: number }): { successes: number; n: number } {
  return { successes: Math.min(users.gaveFeedback, users.exposed), n: users.exposed };
}

/**
 * Every treatment against the control, metric by metric. With several treatments the p-values of
 * a metric are Holm-adjusted across them, and the verdict uses the adjusted one.
 */
export function compareArms(
  control: Arm,
  treatments: readonly Arm[],
  minCountPerArm: number,
  /** How the verdicts name a metric, where it means something else (a prompt's response rate). */
  labels: Partial<Record<Metric, string>> = {},
): MetricComparison[][] {
  const metrics: Metric[] = ['feedbackRate', 'thumbs', 'stars', 'emoji', 'nps'];
  const out: MetricComparison[][] = treatments.map(() => []);
  for (const metric of metrics) {
    const comparisons = treatments.map((t) => compareMetric(metric, control, t));
    if (comparisons.every((c) => c === undefined)) continue;
    const adjusted = holmBonferroni(comparisons.map((c) => c?.pValue ?? null));
    comparisons.forEach((comparison, i) => {
      if (!comparison) return;
      const pAdjusted = adjusted[i]?.adjusted ?? null;
      const v = verdict(
        { ...comparison, pValue: pAdjusted },
        {
          minCountPerArm,
          treatmentLabel: treatments[i]!.label,
          controlLabel: control.label,
          metricLabel: labels[metric] ?? METRIC_LABELS[metric],
        },
      );
      out[i]!.push({
        metric,
        test: comparison.test,
        control: comparison.control,
        treatment: comparison.treatment,
        absolute: comparison.absolute,
        relative: comparison.relative,
        statistic: comparison.statistic,
        df: comparison.df,
        pValue: comparison.pValue,
        pValueAdjusted: pAdjusted,
        verdict: v.verdict,
        explanation: v.explanation,
      });
    });
  }
  return out;
}
