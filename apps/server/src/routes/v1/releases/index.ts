import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateReleaseRequest, ErrorResponse, Release, ReleasesResponse } from '@feedloop/protocol';
import { createRelease, listReleases } from '../../../services/releases/releases.js';

/** Releases, to compare what users say before and after them (secret key). */
const releases: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/releases',
    {
      schema: {
        summary: 'Record a release',
        description: 'version is unique per project (409 conflict when it exists); releasedAt defaults to now.',
        tags: ['analytics'],
        body: CreateReleaseRequest,
        response: { 201: Release, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'triage' },
    },
    async (request, reply) => {
      const release = await createRelease(app.db, request.projectId, request.body);
      await request.audit({ action: 'release.created', target: { type: 'release', id: release.id }, changes: { version: release.version } });
      return reply.code(201).send(release);
    },
  );

  app.get(
    '/v1/releases',
    {
      schema: {
        summary: 'Releases, newest first',
        tags: ['analytics'],
        response: { 200: ReleasesResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'read' },
    },
    async (request) => ({ releases: await listReleases(app.db, request.projectId) }),
  );
};

export default releases;
