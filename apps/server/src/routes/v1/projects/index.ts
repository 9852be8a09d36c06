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
import Type from 'typebox';
import { setMember } from '../../../services/members/members.js';
import { createProject, deleteProject, mustFindProject, projectNotFound, updateProject } from '../../../services/projects/projects.js';
import keys from './keys.js';
import privacySettings from './privacy-settings.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Projects: created by instance admins (who become their owners) or the operator; settings by admins; renamed and deleted by owners. */
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
      const { principal } = request;
      if (principal?.kind === 'user') await setMember(app.db, created.projectId, principal.userId, 'owner');
      await request.audit({
        projectId: created.projectId,
        action: 'project.created',
        target: { type: 'project', id: created.projectId },
        changes: { name: request.body.name.trim() },
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
      // Allowed origins and settings are an admin's; renaming is an owner's.
      config: {
        access: (request) => ((request.body as { name?: unknown } | undefined)?.name === undefined ? 'admin' : 'owner'),
        accessLabel: 'admin or owner (name)',
      },
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
      const before = await mustFindProject(app.db, projectId);
      if (!(await updateProject(app.db, projectId, { name: request.body.name?.trim(), allowedOrigins }))) {
        throw projectNotFound(projectId);
      }
      app.forgetKeys();
      const after = await mustFindProject(app.db, projectId);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (before.name !== after.name) changes.name = { from: before.name, to: after.name };
      if (before.allowed_origins.join() !== after.allowed_origins.join()) changes.allowedOrigins = { from: before.allowed_origins, to: after.allowed_origins };
      await request.audit({
        action: 'project.updated',
        target: { type: 'project', id: projectId },
        changes,
      });
      return toInfo(after);
    },
  );

  app.delete(
    '/v1/projects/:projectId',
    {
      config: { access: 'owner' },
      schema: {
        ...common,
        summary: 'Delete a project and all of its data',
        description: 'Events, aggregates, triage, webhooks, keys, tokens, members and its audit trail: there is no undo.',
        params: ProjectParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { projectId } = request.params;
      const project = await mustFindProject(app.db, projectId);
      if (!(await deleteProject(app.db, projectId))) throw projectNotFound(projectId);
      app.forgetKeys();
      // The project's own trail went with it: the instance's keeps the deletion.
      await request.audit({
        projectId: null,
        action: 'project.deleted',
        target: { type: 'project', id: projectId },
        changes: { name: project.name },
      });
      return reply.code(204).send(null);
    },
  );

  await app.register(keys);
  await app.register(privacySettings);
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
