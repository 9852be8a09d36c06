import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@feedloop/protocol';
import { HttpError } from '../../http-error.js';
import { publicKeyOf } from '../app/auth.js';

/**
 * Rate limits per key and client address on the API (/v1/*): one noisy page or script cannot
 * starve a project, and a leaked key cannot flood the service. Static files are not limited.
 * With several replicas each counts on its own (configure the limit per replica).
 */
export default fp(
  async (app) => {
    const max = app.config.rateLimitPerMinute;
    if (max <= 0) return;
    await app.register(rateLimit, {
      max,
      timeWindow: 60_000,
      cache: 50_000,
      allowList: (request: FastifyRequest) => !request.url.startsWith('/v1/'),
      keyGenerator: (request: FastifyRequest) => `${credential(request)}|${request.ip}`,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`, {
          'retry-after': String(Math.ceil(context.ttl / 1000)),
        }),
    });
  },
  { name: 'rate-limit', dependencies: ['config', 'cookie'] },
);

/** What the caller holds (its tail: enough to tell callers apart, nothing to replay). */
function credential(request: FastifyRequest): string {
  const auth = request.headers.authorization;
  const session = request.cookies?.[SESSION_COOKIE];
  return publicKeyOf(request) ?? (auth ? auth.slice(-16) : session ? `s${session.slice(-16)}` : 'none');
}
