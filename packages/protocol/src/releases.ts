import Type, { type Static } from 'typebox';
import { AsOf, FreshAfter } from './freshness.js';
import { Instant } from './primitives.js';
import { Name } from './events.js';
import { MetricComparison, ScaleStatistics } from './statistics.js';

/** Releases (`/v1/releases`), and a feature compared before and after one (`GET /v1/features/:feature/compare`). */

export const CreateReleaseRequest = Type.Object(
  {
    version: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "2.4.0"; unique per project.' }),
    releasedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now.' })),
    features: Type.Optional(Type.Array(Name, { maxItems: 100, description: 'Features this release changed.' })),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { title: 'CreateReleaseRequest' },
);
export type CreateReleaseRequest = Static<typeof CreateReleaseRequest>;

export const Release = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    version: Type.String(),
    releasedAt: Type.String({ format: 'date-time' }),
    features: Type.Array(Type.String()),
    notes: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Release' },
);
export type Release = Static<typeof Release>;

export const ReleasesResponse = Type.Object({ releases: Type.Array(Release) }, { title: 'ReleasesResponse' });
export type ReleasesResponse = Static<typeof ReleasesResponse>;

export const CompareQuery = Type.Object({
  freshAfter: FreshAfter,
  release: Type.Optional(Type.String({ description: 'Compare the days before and after this release version.' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 14, description: 'Window length on each side of the release.' })),
  beforeFrom: Type.Optional(Instant('Or two explicit windows (ISO dates; widened to whole UTC days).')),
  beforeTo: Type.Optional(Instant('End of the before window (exclusive).')),
  afterFrom: Type.Optional(Instant('Start of the after window.')),
  afterTo: Type.Optional(Instant('End of the after window (exclusive).')),
  minCount: Type.Optional(Type.Integer({ minimum: 0, default: 30 })),
});
export type CompareQuery = Static<typeof CompareQuery>;

export const CompareWindow = Type.Object({
  from: Type.String({ format: 'date', description: 'First UTC day (inclusive).' }),
  to: Type.String({ format: 'date', description: 'UTC day after the last (exclusive).' }),
  count: Type.Integer(),
  comments: Type.Integer(),
  ratings: ScaleStatistics,
});

export const CompareResponse = Type.Object(
  {
    asOf: AsOf,
    feature: Type.String(),
    release: Type.Union([Release, Type.Null()]),
    before: CompareWindow,
    after: CompareWindow,
    comparisons: Type.Array(MetricComparison, { description: 'After (treatment) against before (control), per rating scale.' }),
  },
  { title: 'CompareResponse' },
);
export type CompareResponse = Static<typeof CompareResponse>;
