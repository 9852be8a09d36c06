import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ApiKeysResponse, CreateKeyRequest, CreateKeyResponse, ErrorResponse, KeyParams, ProjectParams } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { addKey, listKeys, mustFindProject, revokeKey } from '../../../services/projects/projects.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/**
 * Keys of a project. Rotation is "add a new key, deploy it, revoke the old one": both work in
 * between. A revoked key stops working on every replica within the key cache's 10 seconds.
 */
const keys: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['admin'] };

  app.get(
    '/v1/projects/:projectId/keys',
    { config: { access: 'admin' }, schema: { ...common, summary: "A project's keys", params: ProjectParams, response: { 200: ApiKeysResponse, ...errors } } },
    async (request) => {
      const { projectId } = request.params;
      await mustFindProject(app.db, projectId);
      const rows = await listKeys(app.db, projectId);
      return {
        keys: rows.map((k) => ({
          id: k.id,
          kind: k.kind,
          hint: k.hint,
          ...(k.public_key ? { publicKey: k.public_key } : {}),
          createdAt: new Date(k.created_at).toISOString(),
          revokedAt: k.revoked_at ? new Date(k.revoked_at).toISOString() : null,
        })),
      };
    },
  );

  app.post(
    '/v1/projects/:projectId/keys',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Add a key (rotation, step 1)',
        params: ProjectParams,
        body: CreateKeyRequest,
        response: { 201: CreateKeyResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { projectId } = request.params;
      await mustFindProject(app.db, projectId);
      const { id, key } = await addKey(app.db, projectId, request.body.kind);
      await request.audit({
        action: 'key.created',
        target: { type: 'key', id },
        changes: { kind: request.body.kind },
      });
      return reply.code(201).send({ id, kind: request.body.kind, key });
    },
  );

  app.delete(
    '/v1/projects/:projectId/keys/:keyId',
    { config: { access: 'admin' }, schema: { ...common, summary: 'Revoke a key (rotation, step 2)', params: KeyParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { projectId, keyId } = request.params;
      if (!(await revokeKey(app.db, projectId, keyId))) {
        throw new HttpError(404, 'not_found', `no live key ${keyId} in project ${projectId}`);
      }
      app.forgetKeys();
      await request.audit({ action: 'key.revoked', target: { type: 'key', id: keyId } });
      return reply.code(204).send(null);
    },
  );
};

export default keys;
