import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, FeaturesResponse } from '@feedloop/protocol';
import { toDayRange } from '../../../services/rollups/days.js';
import { listFeatures } from '../../../services/features/list-features.js';
import { TimeRange, checkTimeRange } from '../time-range.js';
import { asOfFor } from '../freshness.js';

/** Per-feature summaries for analysts (secret key). */
const features: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/features',
    {
      schema: {
        summary: 'Per-feature feedback summaries',
        description: 'Read from daily (UTC) rollups: the range is widened to whole days.',
        tags: ['analytics'],
        querystring: TimeRange,
        response: { 200: FeaturesResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'read' },
    },
    async (request, reply) => {
      const { from, to, freshAfter } = checkTimeRange(request.query);
      const asOf = await asOfFor(app, reply, freshAfter);
      return { features: await listFeatures(app.db, request.projectId, toDayRange(from, to)), asOf };
    },
  );
};

export default features;
