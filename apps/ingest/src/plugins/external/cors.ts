import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import { publicKeyOf } from '../app/auth.js';
import { isOriginAllowed } from '../../services/projects/origins.js';

/**
 * CORS for the browser-facing ingest route, per project: the actual request is answered with
 * Access-Control-Allow-Origin only when its origin is one of the key's project's allowed origins.
 * A preflight carries no key header; with ?key= it is checked too, otherwise it is granted and
 * the actual request is checked (and refused with 403) instead. Preflights are cached a day.
 */
export default fp(
  async (app) => {
    await app.register(cors, {
      hook: 'onRequest',
      delegator: (request, callback) => {
        const key = publicKeyOf(request);
        const origin = request.headers.origin;
        const base = {
          methods: ['POST'],
          allowedHeaders: ['content-type', 'x-feedloop-key'],
          // The SDK honours Retry-After on 429/503: a cross-origin page must be allowed to read it.
          exposedHeaders: ['retry-after'],
          maxAge: 86_400,
        };
        if (!key) {
          callback(null, { ...base, origin: request.method === 'OPTIONS' });
          return;
        }
        app.findKeyOwner(key).then(
          (owner) => callback(null, { ...base, origin: !!owner && isOriginAllowed(owner.allowedOrigins, origin) }),
          () => callback(null, { ...base, origin: false }),
        );
      },
    });
  },
  { name: 'cors', dependencies: ['auth'] },
);
