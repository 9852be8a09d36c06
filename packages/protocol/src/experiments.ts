import Type, { type Static } from 'typebox';
import { AsOf, FreshAfter } from './freshness.js';
import { Day, Instant } from './primitives.js';
import { MetricComparison, ProportionStatistics, ScaleStatistics } from './statistics.js';

/** Experiments: the list of those with exposures, and one experiment's variants compared. */

export const VariantExposure = Type.Object({
  variant: Type.String(),
  exposures: Type.Integer(),
  exposedUsers: Type.Integer({ description: 'Distinct users first exposed in the range.' }),
  feedbackUsers: Type.Integer({ description: 'Distinct users whose first feedback in the variant falls in the range.' }),
  feedback: Type.Integer({ description: 'Feedback events from users in this variant.' }),
});

export const ExperimentSummary = Type.Object({
  experiment: Type.String(),
  firstDay: Day,
  lastDay: Day,
  variants: Type.Array(VariantExposure),
});
export type ExperimentSummary = Static<typeof ExperimentSummary>;

export const ExperimentsResponse = Type.Object(
  { experiments: Type.Array(ExperimentSummary), asOf: AsOf },
  { title: 'ExperimentsResponse' },
);
export type ExperimentsResponse = Static<typeof ExperimentsResponse>;

export const ExperimentQuery = Type.Object({
  freshAfter: FreshAfter,
  from: Type.Optional(Instant('ISO 8601 date or date-time (widened to whole UTC days).')),
  to: Type.Optional(Instant('ISO 8601 date or date-time (exclusive).')),
  feature: Type.Optional(Type.String({ description: 'Only feedback on this feature (default: all features).' })),
  control: Type.Optional(Type.String({ description: 'Control variant (default: "control" if present, else the first by name).' })),
  minCount: Type.Optional(Type.Integer({ minimum: 0, default: 30, description: 'Fewer observations per arm: "not enough data".' })),
  weights: Type.Optional(
    Type.String({ description: 'Configured split for the SRM check as variant:weight pairs, e.g. "control:1,b:1" (default equal).' }),
  ),
  source: Type.Optional(
    Type.Union([Type.Literal('all'), Type.Literal('prompt')], {
      default: 'all',
      description:
        'Which feedback: all (default; read from the rollups) or prompt: only feedback answering a prompt (carrying a promptId), ' +
        'read from the raw rows. Exposures are the same either way.',
    }),
  ),
});
export type ExperimentQuery = Static<typeof ExperimentQuery>;

export const VariantResult = Type.Object({
  ...VariantExposure.properties,
  feedbackRate: ProportionStatistics,
  ratings: ScaleStatistics,
});

export const SrmCheck = Type.Object(
  {
    variants: Type.Array(Type.String(), { description: 'Variants checked (those with exposures, or those given in weights).' }),
    observed: Type.Array(Type.Integer()),
    expected: Type.Array(Type.Number()),
    chiSquare: Type.Union([Type.Number(), Type.Null()]),
    df: Type.Union([Type.Integer(), Type.Null()]),
    pValue: Type.Union([Type.Number(), Type.Null()]),
    flagged: Type.Boolean({ description: 'p < 0.001: the split of exposed users is not what was configured.' }),
  },
  { description: 'Sample-ratio mismatch: chi-square goodness of fit of exposed users against the split.' },
);

export const TreatmentComparison = Type.Object({
  variant: Type.String(),
  metrics: Type.Array(MetricComparison),
});

export const ExperimentResponse = Type.Object(
  {
    asOf: AsOf,
    experiment: Type.String(),
    feature: Type.Union([Type.String(), Type.Null()]),
    control: Type.String(),
    minCount: Type.Integer(),
    source: Type.Union([Type.Literal('all'), Type.Literal('prompt')], {
      description: 'The feedback compared: all, or prompt (only feedback answering a prompt).',
    }),
    selfSelected: Type.Boolean({
      description:
        'true when source is all: the feedback rate and the ratings come from users who chose to click (self-selected), ' +
        'biased whenever a variant changes who clicks. false for source=prompt: feedback asked of a deterministic sample.',
    }),
    variants: Type.Array(VariantResult),
    srm: SrmCheck,
    comparisons: Type.Array(TreatmentComparison, { description: 'Every non-control variant against the control.' }),
  },
  { title: 'ExperimentResponse' },
);
export type ExperimentResponse = Static<typeof ExperimentResponse>;

