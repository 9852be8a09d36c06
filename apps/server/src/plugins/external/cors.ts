import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { publicKeyOf } from '../app/auth.js';
import { isOriginAllowed } from '../../services/projects/origins.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * onRequest hook of the browser-facing routes (POST /v1/events, /v1/updates, GET /v1/prompt-document): the answer
     * carries Access-Control-Allow-Origin only when the origin is one of the key's project's
     * allowed origins.
     */
    browserCors(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

const EXPOSED = 'retry-after';

/**
 * CORS per project, for the routes browsers call with a public key.
 *
 * Preflights are @fastify/cors's, in a context of their own (its OPTIONS route only): a preflight
 * carries no key header; with ?key= the origin is checked too, otherwise it is granted and the
 * actual request is checked (and refused with 403) instead. Preflights are cached a day.
 *
 * Actual requests get `browserCors`, a plain hook: the library's per-request option merging
 * (its delegator mode, the only one that sees the key) cost about a sixth of the ingest path's
 * CPU per request (docs/benchmarks.md), for three headers.
 */
export default fp(
  async (app) => {
    await app.register(async (preflights) => {
      await preflights.register(cors, {
        hook: 'onRequest',
        delegator: (request, callback) => {
          const key = publicKeyOf(request);
          const base = {
            // GET: the prompt document, when a page sends the key as a header (with ?key= it is a simple request).
            methods: ['GET', 'POST'],
            allowedHeaders: ['content-type', 'x-feedloop-key'],
            // The SDK honours Retry-After on 429/503: a cross-origin page must be allowed to read it.
            exposedHeaders: [EXPOSED],
            maxAge: 86_400,
          };
          if (!key) {
            callback(null, { ...base, origin: request.method === 'OPTIONS' });
            return;
          }
          app.findKeyOwner(key).then(
            (owner) => callback(null, { ...base, origin: !!owner && isOriginAllowed(owner.allowedOrigins, request.headers.origin) }),
            () => callback(null, { ...base, origin: false }),
          );
        },
      });
    });

    app.decorate('browserCors', async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header('vary', 'Origin');
      const { origin } = request.headers;
      const key = origin === undefined ? undefined : publicKeyOf(request);
      if (!key) return;
      const owner = await app.findKeyOwner(key).catch(() => undefined);
      if (owner && isOriginAllowed(owner.allowedOrigins, origin)) {
        reply.header('access-control-allow-origin', origin!);
        reply.header('access-control-expose-headers', EXPOSED);
      }
    });
  },
  { name: 'cors', dependencies: ['auth'] },
);
