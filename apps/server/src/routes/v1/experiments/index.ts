import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponse, ExperimentQuery, ExperimentResponse, ExperimentsResponse, Name } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { experimentDetail, listExperiments } from '../../../services/experiments/experiments.js';
import { toDayRange } from '../../../services/rollups/days.js';
import { TimeRange, checkTimeRange } from '../time-range.js';
import { asOfFor } from '../freshness.js';

/** Experiments and their variants, compared (secret key). */
const experiments: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/experiments',
    {
      schema: {
        summary: 'Experiments with exposures or feedback, per variant',
        description: 'Read from daily (UTC) rollups: the range is widened to whole days.',
        tags: ['analytics'],
        querystring: TimeRange,
        response: { 200: ExperimentsResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'read' },
    },
    async (request, reply) => {
      const { from, to, freshAfter } = checkTimeRange(request.query);
      const asOf = await asOfFor(app, reply, freshAfter);
      return { experiments: await listExperiments(app.db, request.projectId, toDayRange(from, to)), asOf };
    },
  );

  app.get(
    '/v1/experiments/:experiment',
    {
      schema: {
        summary: 'One experiment: every variant against the control',
        description:
          'Per variant: exposed users, users who gave feedback, feedback rate and per-scale summaries with 95 % intervals. ' +
          'Per treatment and metric: absolute and relative difference with 95 % interval, p-value, Holm-adjusted p-value and a verdict. ' +
          'Plus a sample-ratio-mismatch check. See docs/statistics.md. ' +
          'source=prompt compares only feedback answering a prompt (an unbiased sample, docs/prompts.md); the answer says which ' +
          'source it used and, for all, that the ratings are self-selected clicks (selfSelected).',
        tags: ['analytics'],
        params: Type.Object({ experiment: Name }),
        querystring: ExperimentQuery,
        response: { 200: ExperimentResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'read' },
    },
    async (request, reply) => {
      const { from, to } = checkTimeRange(request.query);
      const { feature, control, minCount = 30, weights, source = 'all' } = request.query;
      const asOf = await asOfFor(app, reply, request.query.freshAfter);
      const result = await experimentDetail(app.db, request.projectId, request.params.experiment, {
        range: toDayRange(from, to),
        feature,
        control,
        minCount,
        weights,
        source,
      });
      if (!result) throw new HttpError(404, 'not_found', `no exposures or feedback for experiment "${request.params.experiment}" in this range`);
      return { ...result, asOf };
    },
  );
};

export default experiments;
