import Type, { type Static } from 'typebox';
import { AsOf, FreshAfter } from './freshness.js';
import { Day, Instant } from './primitives.js';
import { CATEGORIES } from './vocabulary.js';
import { ScaleStatistics } from './statistics.js';

/** What users say about each feature: the list (`GET /v1/features`) and one feature in detail. */

export const TimeRangeQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive start (ISO 8601).' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive end (ISO 8601).' })),
});
export type TimeRangeQuery = Static<typeof TimeRangeQuery>;

export const ThumbsSummary = Type.Object({
  count: Type.Integer(),
  positive: Type.Integer(),
  positiveRate: Type.Number({ description: 'positive / count, 0–1' }),
});
export const MeanSummary = Type.Object({
  count: Type.Integer(),
  mean: Type.Number(),
});
export const NpsSummary = Type.Object({
  count: Type.Integer(),
  promoters: Type.Integer({ description: 'Ratings 9–10' }),
  passives: Type.Integer({ description: 'Ratings 7–8' }),
  detractors: Type.Integer({ description: 'Ratings 0–6' }),
  score: Type.Number({ description: '% promoters − % detractors, −100…100' }),
});

export const RatingsSummary = Type.Object(
  {
    thumbs: Type.Optional(ThumbsSummary),
    stars: Type.Optional(MeanSummary),
    emoji: Type.Optional(MeanSummary),
    nps: Type.Optional(NpsSummary),
  },
  { description: 'One entry per rating scale used.' },
);
export type RatingsSummary = Static<typeof RatingsSummary>;

export const FeatureSummary = Type.Object({
  feature: Type.String(),
  count: Type.Integer({ description: 'Feedback events.' }),
  comments: Type.Integer({ description: 'Feedback events with a comment.' }),
  lastAt: Type.String({ format: 'date-time', description: 'Time of the latest feedback (client clock).' }),
  ratings: RatingsSummary,
});
export type FeatureSummary = Static<typeof FeatureSummary>;

export const FeaturesResponse = Type.Object(
  { features: Type.Array(FeatureSummary), asOf: AsOf },
  { title: 'FeaturesResponse' },
);
export type FeaturesResponse = Static<typeof FeaturesResponse>;

// ---------------------------------------------------------------------------------------------
// One feature in detail

export const FeatureDetailQuery = Type.Object({
  freshAfter: FreshAfter,
  from: Type.Optional(Instant('ISO 8601 date or date-time (inclusive; widened to its UTC day).')),
  to: Type.Optional(Instant('ISO 8601 date or date-time (exclusive; widened to the end of its UTC day).')),
  interval: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')], { default: 'day' })),
  comments: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 10, description: 'Latest comments to include.' })),
});
export type FeatureDetailQuery = Static<typeof FeatureDetailQuery>;

export const SeriesPoint = Type.Object({
  start: Day,
  count: Type.Integer(),
  comments: Type.Integer(),
  ratings: ScaleStatistics,
});
export type SeriesPoint = Static<typeof SeriesPoint>;

export const LatestComment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  occurredAt: Type.String({ format: 'date-time' }),
  comment: Type.String(),
  rating: Type.Union([Type.Object({ scale: Type.String(), value: Type.Integer() }), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  experiments: Type.Record(Type.String(), Type.String()),
});

export const FeatureDetailResponse = Type.Object(
  {
    ...FeatureSummary.properties,
    asOf: AsOf,
    lastAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    statistics: ScaleStatistics,
    interval: Type.Union([Type.Literal('day'), Type.Literal('week')]),
    series: Type.Array(SeriesPoint, { description: 'One point per day or ISO week (Monday, UTC), gaps filled with zeros.' }),
    distribution: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer()), {
      description: 'Per scale used: count per rating value, e.g. {"stars": {"1": 0, …, "5": 12}}.',
    }),
    categories: Type.Object(Object.fromEntries(CATEGORIES.map((c) => [c, Type.Integer()]))),
    latestComments: Type.Array(LatestComment),
  },
  { title: 'FeatureDetailResponse' },
);
export type FeatureDetailResponse = Static<typeof FeatureDetailResponse>;
