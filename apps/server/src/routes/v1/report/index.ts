import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, ReportQuery, ReportResponse } from '@feedloop/protocol';
import { buildReport } from '../../../services/report/report.js';
import { checkTimeRange } from '../time-range.js';
import { asOfFor } from '../freshness.js';

/** GET /v1/report (secret key): the data of the period report (`pnpm feedloop report` renders it). */
const report: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/report',
    {
      schema: {
        summary: 'Period report: what improved or worsened, releases, experiments concluded, terms, loop closed',
        description:
          'Features are compared with the period of the same length just before (same tests as experiments; only ' +
          'significant changes are listed). Releases in the period: the 14 days before and after, per feature they changed. ' +
          'Range widened to whole UTC days; at most 366 days.',
        tags: ['analytics'],
        querystring: ReportQuery,
        response: { 200: ReportResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'read' },
    },
    async (request, reply) => {
      const { from, to, minCount = 30, terms = 20, freshAfter } = checkTimeRange(request.query) as typeof request.query;
      const asOf = await asOfFor(app, reply, freshAfter);
      return { ...(await buildReport(app.db, request.projectId, { from, to, minCount, terms })), asOf };
    },
  );
};

export default report;
