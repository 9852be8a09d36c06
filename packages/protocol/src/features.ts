import Type, { type Static } from 'typebox';

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
  { features: Type.Array(FeatureSummary) },
  { title: 'FeaturesResponse' },
);
export type FeaturesResponse = Static<typeof FeaturesResponse>;
