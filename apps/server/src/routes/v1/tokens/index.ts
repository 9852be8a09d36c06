import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ApiTokensResponse, CreateTokenRequest, CreateTokenResponse, ErrorResponse, ProjectParams, TokenParams } from '@feedloop/protocol';
import { permissionsOfScopes } from '../../../services/accounts/principal.js';
import { HttpError } from '../../../http-error.js';
import { createToken, listTokens, revokeToken } from '../../../services/tokens/tokens.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** A project's API tokens (admins): created (shown once), listed with their last use, revoked at once. */
const tokens: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['accounts'] };

  app.get(
    '/v1/projects/:projectId/tokens',
    { config: { access: 'admin' }, schema: { ...common, summary: 'The project’s API tokens', params: ProjectParams, response: { 200: ApiTokensResponse, ...errors } } },
    async (request) => ({ tokens: await listTokens(app.db, request.projectId) }),
  );

  app.post(
    '/v1/projects/:projectId/tokens',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Create an API token',
        description: 'The token is in this answer only: the service keeps its hash. Scopes: read, export, triage, admin.',
        params: ProjectParams,
        body: CreateTokenRequest,
        response: { 201: CreateTokenResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { principal } = request;
      // A token makes tokens that may do no more than itself: an admin token must not mint an export one.
      if (principal?.kind === 'token') {
        const beyond = [...permissionsOfScopes(request.body.scopes)].filter((p) => !request.permissions.has(p));
        if (beyond.length > 0) throw new HttpError(403, 'forbidden', `a token cannot make a token that may do more than itself: ${beyond.join(', ')}`);
      }
      const createdBy = principal?.kind === 'user' ? principal.userId : null;
      const created = await createToken(app.db, request.projectId, request.body, createdBy);
      await request.audit({
        action: 'token.created',
        target: { type: 'token', id: created.info.id },
        changes: { name: created.info.name, scopes: created.info.scopes, expiresAt: created.info.expiresAt },
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/v1/projects/:projectId/tokens/:tokenId',
    {
      config: { access: 'admin' },
      schema: { ...common, summary: 'Revoke a token: refused from its next request on', params: TokenParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const revoked = await revokeToken(app.db, request.projectId, request.params.tokenId);
      if (!revoked) throw new HttpError(404, 'not_found', `no live token ${request.params.tokenId} in this project`);
      await request.audit({
        action: 'token.revoked',
        target: { type: 'token', id: revoked.id },
        changes: { name: revoked.name },
      });
      return reply.code(204).send(null);
    },
  );
};

export default tokens;
