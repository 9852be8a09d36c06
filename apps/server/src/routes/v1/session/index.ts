import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponse, SESSION_COOKIE, SignInOptions, SignInRequest } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { signIn } from '../../../services/accounts/sign-in.js';
import { countUsers } from '../../../services/accounts/users.js';
import { endSession } from '../../../services/accounts/sessions.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Signing in and out with a password (single sign-on: routes/v1/sso). */
const session: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['accounts'] };

  app.get(
    '/v1/session/options',
    {
      config: { access: 'public' },
      schema: { ...common, summary: 'How people sign in here', response: { 200: SignInOptions, ...errors } },
    },
    async () => ({
      password: app.config.passwordSignIn,
      sso: app.config.oidc ? { name: app.config.oidc.name, url: '/v1/sso/start' } : null,
      setupNeeded: (await countUsers(app.db)) === 0,
    }),
  );

  app.post(
    '/v1/session',
    {
      config: { access: 'public', sameOrigin: true },
      schema: {
        ...common,
        summary: 'Sign in with email and password',
        description:
          'Sets the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS). Failed sign-ins are throttled per account and ' +
          'per client address (429 with Retry-After), and answered alike whether or not the account exists.',
        body: SignInRequest,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      if (!app.config.passwordSignIn) throw new HttpError(403, 'password_sign_in_disabled', 'password sign-in is off here: use single sign-on');
      const { token, expiresAt } = await signIn(app.db, request.body, {
        ip: request.ip,
        clientAddress: request.clientAddress,
        userAgent: request.headers['user-agent'],
        lifetime: { idleMs: app.config.sessionIdleMs, absoluteMs: app.config.sessionAbsoluteMs },
      });
      app.setSessionCookie(request, reply, token, expiresAt);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/v1/session',
    {
      config: { access: 'signed-in' },
      schema: { ...common, summary: 'Sign out: the session ends on the server, the cookie is cleared', response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === 'user') {
        await endSession(app.db, principal.userId, principal.sessionId);
        await request.audit({ projectId: null, action: 'session.signed_out' });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
};

export default session;
