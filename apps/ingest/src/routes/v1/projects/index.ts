import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateProjectRequest, CreateProjectResponse, ErrorResponse } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { normalizeOrigin } from '../../../services/projects/origins.js';
import { createProject } from '../../../services/projects/projects.js';

/** Project management for operators (admin token). */
const projects: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/projects',
    {
      schema: {
        summary: 'Create a project',
        description: 'Returns its keys. The secret key is shown only here: it is stored as a hash.',
        tags: ['admin'],
        security: [{ adminToken: [] }],
        body: CreateProjectRequest,
        response: { 201: CreateProjectResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      preHandler: app.requireAdmin,
    },
    async (request, reply) => {
      const origins = (request.body.allowedOrigins ?? []).map((raw) => {
        const origin = normalizeOrigin(raw);
        if (!origin) {
          throw new HttpError(400, 'invalid_body', `"${raw}" is not an origin like https://app.example.com (or *)`);
        }
        return origin;
      });
      const created = await createProject(app.db, { name: request.body.name.trim(), allowedOrigins: [...new Set(origins)] });
      return reply.code(201).send(created);
    },
  );
};

export default projects;
