import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateProjectRequest,
  CreateProjectResponse,
  ErrorResponse,
  ProjectInfo,
  ProjectParams,
  UpdateProjectRequest,
} from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { normalizeOrigin } from '../../../services/projects/origins.js';
import { createProject, mustFindProject, projectNotFound, updateProject } from '../../../services/projects/projects.js';
import keys from './keys.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Project management for operators (admin token). */
const projects: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['admin'] };

  app.post(
    '/v1/projects',
    {
      config: { access: 'instance' },
      schema: {
        ...common,
        summary: 'Create a project',
        description: 'Returns its keys. The secret key is shown only here: it is stored as a hash.',
        body: CreateProjectRequest,
        response: { 201: CreateProjectResponse, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createProject(app.db, {
        name: request.body.name.trim(),
        allowedOrigins: parseOrigins(request.body.allowedOrigins ?? []),
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/projects/:projectId',
    { config: { access: 'read' }, schema: { ...common, summary: 'A project', params: ProjectParams, response: { 200: ProjectInfo, ...errors } } },
    async (request) => toInfo(await mustFindProject(app.db, request.params.projectId)),
  );

  app.patch(
    '/v1/projects/:projectId',
    {
      config: { access: (request) => ((request.body as { name?: unknown } | undefined)?.name === undefined ? 'admin' : 'owner') },
      schema: {
        ...common,
        summary: 'Rename a project or change its allowed origins',
        params: ProjectParams,
        body: UpdateProjectRequest,
        response: { 200: ProjectInfo, ...errors },
      },
    },
    async (request) => {
      const { projectId } = request.params;
      const allowedOrigins = request.body.allowedOrigins && parseOrigins(request.body.allowedOrigins);
      if (!(await updateProject(app.db, projectId, { name: request.body.name?.trim(), allowedOrigins }))) {
        throw projectNotFound(projectId);
      }
      app.forgetKeys();
      return toInfo(await mustFindProject(app.db, projectId));
    },
  );

  await app.register(keys);
};

function toInfo(project: { id: string; name: string; allowed_origins: string[]; created_at: Date }) {
  return {
    projectId: project.id,
    name: project.name,
    allowedOrigins: project.allowed_origins,
    createdAt: new Date(project.created_at).toISOString(),
  };
}

function parseOrigins(list: readonly string[]): string[] {
  const origins = list.map((raw) => {
    const origin = normalizeOrigin(raw);
    if (!origin) throw new HttpError(400, 'invalid_body', `"${raw}" is not an origin like https://app.example.com (or *)`);
    return origin;
  });
  return [...new Set(origins)];
}

export default projects;
