import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CompleteLinkRequest, ErrorResponse, LinkInfo } from '@feedloop/protocol';
import { completeLink, inspectLink } from '../../../services/accounts/links.js';
import { createSession } from '../../../services/accounts/sessions.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

// The token travels in the body, never in a URL: URLs end up in logs.
const Token = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false });

/** One-time links (set-up, invitation, password reset): what one is for, and using it. */
const links: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['accounts'] };

  app.post(
    '/v1/links/inspect',
    {
      config: { access: 'public', sameOrigin: true },
      schema: { ...common, summary: 'What a one-time link is for', body: Token, response: { 200: LinkInfo, ...errors } },
    },
    async (request) => inspectLink(app.db, request.body.token),
  );

  app.post(
    '/v1/links/complete',
    {
      config: { access: 'public', sameOrigin: true },
      schema: {
        ...common,
        summary: 'Use a one-time link: choose a password (and a name), and be signed in',
        description:
          'An invitation to an email that has had an account since joins that account to the project, changes no password ' +
          'and signs no one in: the person signs in with their own password. A disabled account is not signed in either.',
        body: Type.Object({ ...Token.properties, ...CompleteLinkRequest.properties }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { token, ...input } = request.body;
      const { user, kind, projectId, signIn } = await completeLink(app.db, token, input);
      if (!signIn) {
        await request.audit({ projectId, action: kind === 'invite' ? 'invitation.accepted' : 'user.password_reset', target: { type: 'user', id: user.id } });
        return reply.code(204).send(null);
      }
      const session = await createSession(app.db, user.id, { idleMs: app.config.sessionIdleMs, absoluteMs: app.config.sessionAbsoluteMs }, {
        userAgent: request.headers['user-agent'],
        address: request.clientAddress,
      });
      const principal = { kind: 'user' as const, userId: user.id, email: user.email, name: user.display_name, instanceAdmin: user.instance_admin, sessionId: session.sessionId };
      request.principal = principal;
      await request.audit({
        projectId,
        action: kind === 'reset' ? 'user.password_reset' : kind === 'setup' ? 'instance.set_up' : 'invitation.accepted',
        target: { type: 'user', id: user.id },
      });
      app.setSessionCookie(request, reply, session.token, session.expiresAt);
      return reply.code(204).send(null);
    },
  );
};

export default links;
