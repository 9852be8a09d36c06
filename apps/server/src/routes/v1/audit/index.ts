import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditQuery, AuditResponse, ErrorResponse, ProjectParams } from '@feedloop/protocol';
import { listAudit } from '../../../services/audit/audit.js';

/** A project's audit trail (admins): who changed what, when, from where. */
const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/projects/:projectId/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'The project’s audit trail, newest first',
        description: 'Filters: action (or a prefix ending in "."), actorId, from, to; paged by cursor.',
        params: ProjectParams,
        querystring: AuditQuery,
        response: { 200: AuditResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => listAudit(app.db, request.projectId, request.query),
  );
};

export default audit;
