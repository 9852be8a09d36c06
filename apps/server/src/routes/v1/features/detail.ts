import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CompareQuery, CompareResponse, ErrorResponse, FeatureDetailQuery, FeatureDetailResponse, Name } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { compareFeature } from '../../../services/features/compare-windows.js';
import { featureDetail } from '../../../services/features/feature-detail.js';
import { toDayRange } from '../../../services/rollups/days.js';
import { checkTimeRange } from '../time-range.js';
import { asOfFor } from '../freshness.js';

const FeatureParams = Type.Object({ feature: Name });

/** One feature in depth, and before/after comparisons (secret key). */
const featureDetailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/features/:feature',
    {
      schema: {
        summary: "A feature's summary, series, distribution, categories and latest comments",
        description: 'Read from daily (UTC) rollups: the range is widened to whole days. Names with / are URL-encoded.',
        tags: ['analytics'],
        params: FeatureParams,
        querystring: FeatureDetailQuery,
        response: { 200: FeatureDetailResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'read' },
    },
    async (request, reply) => {
      const { from, to } = checkTimeRange(request.query);
      const { interval = 'day', comments = 10 } = request.query;
      const asOf = await asOfFor(app, reply, request.query.freshAfter);
      const detail = await featureDetail(app.db, request.projectId, request.params.feature, toDayRange(from, to), interval, comments);
      if (!detail) throw new HttpError(404, 'not_found', `no feedback on feature "${request.params.feature}" in this project`);
      return { ...detail, asOf };
    },
  );

  app.get(
    '/v1/features/:feature/compare',
    {
      schema: {
        summary: 'Before vs after a release (or two explicit windows) for one feature',
        description:
          'release=VERSION compares `days` whole UTC days before and after it (the release day itself is left out unless released at midnight); ' +
          'or give beforeFrom, beforeTo, afterFrom, afterTo. "before" is the control.',
        tags: ['analytics'],
        params: FeatureParams,
        querystring: CompareQuery,
        response: { 200: CompareResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'read' },
    },
    async (request, reply) => {
      const asOf = await asOfFor(app, reply, request.query.freshAfter);
      return { ...(await compareFeature(app.db, request.projectId, request.params.feature, request.query)), asOf };
    },
  );
};

export default featureDetailRoutes;
