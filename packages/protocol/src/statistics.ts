import Type, { type Static } from 'typebox';

/** Estimates with their 95 % intervals, and the comparison of two groups on one metric (experiments, releases, report). */

/** A number, or null when it cannot be estimated (too few observations, empty arm, …). */
const MaybeNumber = (description?: string) =>
  Type.Union([Type.Number(), Type.Null()], description ? { description } : {});

export const Interval = Type.Object(
  { lower: Type.Number(), upper: Type.Number() },
  { description: 'Two-sided 95 % confidence interval.' },
);
export type Interval = Static<typeof Interval>;
const MaybeInterval = Type.Union([Interval, Type.Null()]);

export const ProportionStatistics = Type.Object({
  count: Type.Integer({ description: 'Trials (ratings, or exposed users for the feedback rate).' }),
  positive: Type.Integer({ description: 'Successes (thumbs up, or users who gave feedback).' }),
  rate: MaybeNumber('positive / count'),
  ci: Type.Union([Interval, Type.Null()], { description: 'Wilson score interval.' }),
});
export type ProportionStatistics = Static<typeof ProportionStatistics>;

export const MeanStatistics = Type.Object({
  count: Type.Integer(),
  mean: MaybeNumber(),
  standardDeviation: MaybeNumber('Sample standard deviation (n − 1).'),
  ci: Type.Union([Interval, Type.Null()], { description: 't-interval of the mean.' }),
});
export type MeanStatistics = Static<typeof MeanStatistics>;

export const NpsStatistics = Type.Object({
  count: Type.Integer(),
  promoters: Type.Integer(),
  passives: Type.Integer(),
  detractors: Type.Integer(),
  score: MaybeNumber('% promoters − % detractors, −100…100'),
  ci: Type.Union([Interval, Type.Null()], { description: 'Wald interval from the multinomial variance, in NPS points.' }),
});
export type NpsStatistics = Static<typeof NpsStatistics>;

export const ScaleStatistics = Type.Object(
  {
    thumbs: Type.Optional(ProportionStatistics),
    stars: Type.Optional(MeanStatistics),
    emoji: Type.Optional(MeanStatistics),
    nps: Type.Optional(NpsStatistics),
  },
  { description: 'Per rating scale used: the summary with its 95 % interval.' },
);
export type ScaleStatistics = Static<typeof ScaleStatistics>;

export const MetricComparison = Type.Object(
  {
    metric: Type.Union([Type.Literal('feedbackRate'), Type.Literal('thumbs'), Type.Literal('stars'), Type.Literal('emoji'), Type.Literal('nps')], {
      description: 'feedbackRate (users who gave feedback / exposed users), thumbs (positive share), stars, emoji (means), nps (score).',
    }),
    test: Type.Union([Type.Literal('two_proportion_z'), Type.Literal('welch_t'), Type.Literal('nps_z')]),
    control: Type.Object({ n: Type.Integer(), estimate: MaybeNumber() }),
    treatment: Type.Object({ n: Type.Integer(), estimate: MaybeNumber() }),
    absolute: Type.Union([
      Type.Object({ estimate: Type.Number(), standardError: MaybeNumber(), ci: MaybeInterval }),
      Type.Null(),
    ], { description: 'treatment − control (proportions as fractions, NPS in points).' }),
    relative: Type.Union([
      Type.Object({ estimate: Type.Number(), standardError: MaybeNumber(), ci: MaybeInterval, pValue: MaybeNumber() }),
      Type.Null(),
    ], { description: '(treatment − control) / control, delta method; null for NPS or a zero control.' }),
    statistic: MaybeNumber('z or t statistic.'),
    df: MaybeNumber('Welch–Satterthwaite degrees of freedom (means only).'),
    pValue: MaybeNumber('Two-sided p-value of the test on the absolute difference.'),
    pValueAdjusted: MaybeNumber('Holm-adjusted across the treatments of this metric (equal to pValue with one treatment).'),
    verdict: Type.Union([Type.Literal('better'), Type.Literal('worse'), Type.Literal('no_detectable_difference'), Type.Literal('not_enough_data')]),
    explanation: Type.String({ description: 'The verdict in one plain-language sentence.' }),
  },
  { title: 'MetricComparison' },
);
export type MetricComparison = Static<typeof MetricComparison>;
