import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { KEY_HEADER, KEY_QUERY } from '@feedloop/protocol';
import { HttpError } from '../../http-error.js';
import { keyKind, safeEqual } from '../../services/projects/keys.js';
import { findKeyOwner, type KeyOwner } from '../../services/projects/projects.js';
import { isOriginAllowed } from '../../services/projects/origins.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The live key's project (cached briefly), or undefined. */
    findKeyOwner(key: string): Promise<KeyOwner | undefined>;
    /** Forget cached keys (after a rotation or origin change). */
    forgetKeys(): void;
    /** preHandler: a live public key of the project, sent from one of its allowed origins. */
    requirePublicKey(request: FastifyRequest): Promise<void>;
    /** preHandler: `Authorization: Bearer sk_…` of the project. */
    requireSecretKey(request: FastifyRequest): Promise<void>;
    /** preHandler: `Authorization: Bearer <FEEDLOOP_ADMIN_TOKEN>`. */
    requireAdmin(request: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    /** The project the request's key belongs to (set by requirePublicKey / requireSecretKey). */
    projectId: string;
  }
}

const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 10_000;

/**
 * Key checks for the three audiences: browsers (public key), analysts (secret key) and
 * operators (admin token). Key lookups are cached briefly: the ingest hot path must not query
 * the keys table on every request, and a revoked key stops working within CACHE_TTL_MS.
 */
export default fp(
  async (app) => {
    const cache = new Map<string, { owner: KeyOwner | undefined; expires: number }>();

    async function lookup(key: string): Promise<KeyOwner | undefined> {
      const now = Date.now();
      const hit = cache.get(key);
      if (hit && hit.expires > now) return hit.owner;
      const owner = await findKeyOwner(app.db, key);
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
      cache.set(key, { owner, expires: now + CACHE_TTL_MS });
      return owner;
    }

    app.decorateRequest('projectId', '');
    app.decorate('findKeyOwner', lookup);
    app.decorate('forgetKeys', () => cache.clear());

    app.decorate('requirePublicKey', async (request: FastifyRequest) => {
      const key = publicKeyOf(request);
      if (!key) {
        throw new HttpError(401, 'unknown_key', `send the project's public key in the ${KEY_HEADER} header or ?${KEY_QUERY}=`);
      }
      if (keyKind(key) === 'secret') {
        throw new HttpError(403, 'wrong_key_type', 'this is a secret key: never put it in a page; use the public key (pk_…)');
      }
      const owner = keyKind(key) === 'public' ? await lookup(key) : undefined;
      if (!owner || owner.kind !== 'public') throw new HttpError(401, 'unknown_key', 'unknown or revoked public key');
      if (!isOriginAllowed(owner.allowedOrigins, request.headers.origin)) {
        throw new HttpError(403, 'origin_not_allowed', `origin ${request.headers.origin} is not allowed for this project`);
      }
      request.projectId = owner.projectId;
    });

    app.decorate('requireSecretKey', async (request: FastifyRequest) => {
      const key = bearer(request);
      if (!key) throw new HttpError(401, 'unauthorized', 'send the project secret key as Authorization: Bearer sk_…');
      if (keyKind(key) === 'public') {
        throw new HttpError(403, 'wrong_key_type', 'a public key can only send events; use the secret key (sk_…)');
      }
      const owner = keyKind(key) === 'secret' ? await lookup(key) : undefined;
      if (!owner || owner.kind !== 'secret') throw new HttpError(401, 'unknown_key', 'unknown or revoked secret key');
      request.projectId = owner.projectId;
    });

    app.decorate('requireAdmin', async (request: FastifyRequest) => {
      const expected = app.config.adminToken;
      if (!expected) throw new HttpError(401, 'unauthorized', 'the admin API is disabled: set FEEDLOOP_ADMIN_TOKEN');
      const token = bearer(request);
      if (!token || !safeEqual(token, expected)) {
        throw new HttpError(401, 'unauthorized', 'send the admin token as Authorization: Bearer <FEEDLOOP_ADMIN_TOKEN>');
      }
    });
  },
  { name: 'auth', dependencies: ['database', 'config'] },
);

/** The public key from the header, or from the query (a beacon cannot set headers). */
export function publicKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers[KEY_HEADER];
  if (typeof header === 'string' && header) return header;
  const value = (request.query as Record<string, unknown> | undefined)?.[KEY_QUERY];
  return typeof value === 'string' && value ? value : undefined;
}

function bearer(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}
