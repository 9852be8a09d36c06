import Type, { type Static } from 'typebox';
import { AsOf, FreshAfter } from './freshness.js';
import { DateTime, Instant, Nullable } from './primitives.js';
import { MetricComparison } from './statistics.js';

/** The period report (`GET /v1/report`): what changed, releases, concluded experiments, triage. */

export const ReportQuery = Type.Object({
  freshAfter: FreshAfter,
  from: Instant('Start of the period (inclusive; widened to its UTC day).'),
  to: Instant('End of the period (exclusive; widened to the end of its UTC day).'),
  minCount: Type.Optional(Type.Integer({ minimum: 0, default: 30, description: 'Ratings per side below which no verdict is given.' })),
  terms: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 20 })),
});
export type ReportQuery = Static<typeof ReportQuery>;

const Window = Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }), count: Type.Integer() });

export const FeatureChange = Type.Object({
  feature: Type.String(),
  before: Window,
  after: Window,
  direction: Type.Union([Type.Literal('improved'), Type.Literal('worsened'), Type.Literal('mixed')]),
  comparisons: Type.Array(MetricComparison, { description: 'The significant comparisons (after against before).' }),
});
export type FeatureChange = Static<typeof FeatureChange>;

export const ReleaseReport = Type.Object({
  version: Type.String(),
  releasedAt: DateTime,
  notes: Nullable(Type.String()),
  features: Type.Array(
    Type.Object({ feature: Type.String(), before: Window, after: Window, comparisons: Type.Array(MetricComparison) }),
  ),
});
export type ReleaseReport = Static<typeof ReleaseReport>;

export const ExperimentConclusion = Type.Object({
  experiment: Type.String(),
  firstDay: Type.String({ format: 'date' }),
  lastDay: Type.String({ format: 'date' }),
  control: Type.String(),
  sampleRatioMismatch: Type.Boolean(),
  results: Type.Array(
    Type.Object({
      variant: Type.String(),
      metric: MetricComparison.properties.metric,
      verdict: MetricComparison.properties.verdict,
      explanation: Type.String(),
      pValueAdjusted: Nullable(Type.Number()),
    }),
  ),
});
export type ExperimentConclusion = Static<typeof ExperimentConclusion>;

export const ReportResponse = Type.Object(
  {
    asOf: AsOf,
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date', description: 'Exclusive.' }),
    previous: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }, {
      description: 'The period of the same length just before, which features are compared with.',
    }),
    feedback: Type.Integer({ description: 'Feedback received in the period.' }),
    features: Type.Object({ improved: Type.Array(FeatureChange), worsened: Type.Array(FeatureChange), mixed: Type.Array(FeatureChange) }),
    releases: Type.Array(ReleaseReport, { description: 'Releases in the period, before/after per changed feature.' }),
    experiments: Type.Array(ExperimentConclusion, { description: 'Experiments whose last exposure fell in the period.' }),
    terms: Type.Array(Type.Object({ term: Type.String(), comments: Type.Integer() }), { description: 'Most-mentioned terms in comments.' }),
    triage: Type.Object({
      closed: Type.Integer({ description: 'Items set to done or declined in the period.' }),
      done: Type.Integer(),
      declined: Type.Integer(),
      replied: Type.Integer({ description: 'Closed items with a public reply.' }),
      submittersTold: Type.Integer({ description: 'Distinct submitters of closed items whose widget showed them the update.' }),
      submittersWaiting: Type.Integer({ description: 'Distinct submitters of closed items not told yet.' }),
    }),
  },
  { title: 'ReportResponse' },
);
export type ReportResponse = Static<typeof ReportResponse>;
