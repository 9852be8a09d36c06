import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ErrorResponse } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { signInPageCode, SingleSignOn, SSO_LOGIN_LIFETIME_MS } from '../../../services/accounts/sso.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };
/** The state of the sign-in this browser started (services/accounts/sso.ts says why). */
const STATE_COOKIE = 'feedloop_sso';
const COOKIE_PATH = '/v1/sso/';

/** Single sign-on with OpenID Connect (FEEDLOOP_OIDC_*): off to the provider, and back. */
const sso: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['accounts'] };
  const service = app.config.oidc ? new SingleSignOn(app.db, app.config.oidc, app.log) : undefined;
  const configured = () => {
    if (!service) throw new HttpError(404, 'not_found', 'single sign-on is not configured here');
    return service;
  };

  app.get(
    '/v1/sso/start',
    {
      config: { access: 'public' },
      schema: {
        ...common,
        summary: 'Sign in with single sign-on: redirects to the identity provider',
        querystring: Type.Object({
          returnTo: Type.Optional(Type.String({ maxLength: 1000, description: 'A dashboard path (/dashboard/…) to land on afterwards.' })),
        }),
        response: { 302: Type.Null({ description: 'To the identity provider.' }), ...errors },
      },
    },
    async (request, reply) => {
      try {
        const { url, state } = await configured().start(app.ownOrigin(request), request.query.returnTo);
        reply.setCookie(STATE_COOKIE, state, {
          httpOnly: true,
          // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
          sameSite: 'lax',
          path: COOKIE_PATH,
          secure: request.protocol === 'https',
          maxAge: SSO_LOGIN_LIFETIME_MS / 1000,
        });
        return reply.redirect(url, 302);
      } catch (error) {
        return answerFailure(request, reply, error);
      }
    },
  );

  app.get(
    '/v1/sso/callback',
    {
      config: { access: 'public' },
      schema: {
        ...common,
        summary: 'Where the identity provider sends the browser back: signs in and redirects to the dashboard',
        description:
          'Checks state (and that this browser started the sign-in), PKCE, the ID token (issuer, audience, signature, nonce) and ' +
          'that the email is verified; matches the account by email, or creates it for a just-in-time domain. A refusal is ' +
          '`sso_failed` (JSON, or for a browser a redirect to the sign-in page with ?error=) and is in the audit trail.',
        response: { 302: Type.Null({ description: 'To the dashboard, signed in.' }), ...errors },
      },
    },
    async (request, reply) => {
      const browserState = request.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, { path: COOKIE_PATH });
      try {
        const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const { token, expiresAt, returnTo } = await configured().finish(app.ownOrigin(request), search, browserState, {
          clientAddress: request.clientAddress,
          userAgent: request.headers['user-agent'],
          lifetime: { idleMs: app.config.sessionIdleMs, absoluteMs: app.config.sessionAbsoluteMs },
        });
        app.setSessionCookie(request, reply, token, expiresAt);
        return reply.redirect(returnTo, 302);
      } catch (error) {
        return answerFailure(request, reply, error);
      }
    },
  );
};

/** A person's browser goes back to the sign-in page, which explains the code; anything else gets the JSON error. */
function answerFailure(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const wantsPage = request.headers.accept?.includes('text/html') ?? false;
  if (!(error instanceof HttpError) || !wantsPage) throw error;
  return reply.redirect(`/dashboard/#/sign-in?error=${encodeURIComponent(signInPageCode(error))}`, 302);
}

export default sso;
