import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { KEY_HEADER, KEY_QUERY, PROJECT_HEADER, SESSION_COOKIE } from '@feedloop/protocol';
import { HttpError } from '../../http-error.js';
import { truncateAddress } from '../../services/accounts/client-address.js';
import {
  permissionsOfRole,
  permissionsOfScopes,
  SECRET_KEY_SCOPES,
  type Permission,
  type Principal,
} from '../../services/accounts/principal.js';
import { findSession } from '../../services/accounts/sessions.js';
import { roleOf } from '../../services/members/members.js';
import { keyKind, safeEqual } from '../../services/projects/keys.js';
import { isOriginAllowed } from '../../services/projects/origins.js';
import { findKeyOwner, findProject, type KeyOwner } from '../../services/projects/projects.js';
import type { Scrubber } from '../../services/events/scrub/index.js';
import { authenticateToken, TOKEN_PREFIX } from '../../services/tokens/tokens.js';

/**
 * Who may call a route, declared by every route in its `config.access` (checked at start-up):
 * - 'public': anyone (health, documentation, sign-in, one-time links);
 * - 'browser': a project's public key, sent from one of its allowed origins (events, updates);
 * - 'signed-in': a person signed in (their own account and sessions);
 * - 'instance': an instance admin, or the operator's FEEDLOOP_ADMIN_TOKEN (projects, users);
 * - a Permission in one project: what a role (services/accounts/principal.ts) or a token's
 *   scopes allow. The project is the path's :projectId, or the token's or key's own, or, for a
 *   person, the x-feedloop-project header. Another project's id answers 404, like one that
 *   does not exist, so projects cannot be probed.
 * A function of the request may choose among them (one route, two uses: a list and its export).
 */
export type Access = 'public' | 'browser' | 'signed-in' | 'instance' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access | ((request: FastifyRequest) => Access);
    /** With an access that is a function: how the OpenAPI document names it, e.g. 'admin or owner (name)'. */
    accessLabel?: string;
    /** Refuse a request from another origin even without a session (sign-in, one-time links: login CSRF). */
    sameOrigin?: boolean;
  }
  interface FastifyInstance {
    /** The live key's project (cached briefly), or undefined. */
    findKeyOwner(key: string): Promise<KeyOwner | undefined>;
    /** Forget cached keys (after a rotation, an origin change or new privacy settings). */
    forgetKeys(): void;
    /** This service's own origin, as a browser names it (for same-origin checks and links). */
    ownOrigin(request: FastifyRequest): string;
    /** Whether the request's credentials still allow reading its project (long-lived streams ask now and then). */
    stillAuthorized(request: FastifyRequest): Promise<boolean>;
    /** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure whenever the request came over HTTPS. */
    setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void;
  }
  interface FastifyRequest {
    /** The project of the request (the key's, the token's, the path's or the header's). */
    projectId: string;
    principal: Principal | undefined;
    /** What the principal may do in request.projectId. */
    permissions: ReadonlySet<Permission>;
    /** The client's network, as stored (IPv4 /24, IPv6 /48). */
    clientAddress: string | null;
    /** With a public key: its project's privacy settings, compiled (cached with the key). */
    scrubber: Scrubber | undefined;
  }
}

const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 10_000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Files that plugins serve (the widget, the dashboard, the demo page, the API documentation):
 * public, declared here because those routes are registered by libraries. A CORS preflight
 * carries no credentials by definition.
 */
const PUBLIC_PREFIXES = ['/widget/', '/dashboard', '/demo', '/docs'];
const isLibraryRoute = (route: RouteOptions) =>
  route.method === 'OPTIONS' || PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix));

export default fp(
  async (app) => {
    const cache = new Map<string, { owner: KeyOwner | undefined; expires: number }>();
    const { config } = app;
    const lifetime = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };

    // Key lookups are cached briefly: the ingest hot path must not query the keys table on every
    // request; a revoked key stops working within CACHE_TTL_MS.
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
    app.decorateRequest('principal', undefined);
    app.decorateRequest('scrubber', undefined);
    // A Set is a reference type: each request gets its own value in the hook, not a shared default.
    app.decorateRequest('permissions', null as unknown as ReadonlySet<Permission>);
    // Computed when asked (the audit trail, sessions): the ingest hot path never pays for it.
    app.decorateRequest('clientAddress', {
      getter(this: FastifyRequest) {
        return truncateAddress(this.ip);
      },
    });
    app.decorate('findKeyOwner', lookup);
    app.decorate('forgetKeys', () => cache.clear());
    app.decorate('ownOrigin', (request: FastifyRequest) => config.publicUrl ?? `${request.protocol}://${request.host}`);

    app.decorate('setSessionCookie', (request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) => {
      // request.protocol is https behind a proxy only when FEEDLOOP_TRUST_PROXY declares it trusted.
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: request.protocol === 'https',
        maxAge: Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)),
      });
    });

    app.decorate('stillAuthorized', async (request: FastifyRequest) => {
      try {
        const principal = await authenticate(request, false);
        if (!principal) return false;
        await authorizeInProject(request, principal, 'read');
        return true;
      } catch {
        return false;
      }
    });

    app.addHook('onRoute', (route) => {
      if (route.config?.access === undefined && !isLibraryRoute(route)) {
        throw new Error(`${route.method} ${route.url} declares no access (config.access): every route says who may call it`);
      }
      if (typeof route.config?.access === 'function' && !route.config.accessLabel) {
        throw new Error(`${route.method} ${route.url} chooses its access per request: name the choice in config.accessLabel`);
      }
    });

    app.addHook('preValidation', async (request) => {
      const declared = request.routeOptions.config.access;
      if (declared === undefined) return;
      const access = typeof declared === 'function' ? declared(request) : declared;
      if (request.routeOptions.config.sameOrigin && UNSAFE.has(request.method)) checkSameOrigin(app, request);
      if (access === 'public') return;
      if (access === 'browser') return checkPublicKey(request);

      const principal = await authenticate(request);
      if (!principal) {
        throw new HttpError(
          401,
          'unauthorized',
          access === 'instance'
            ? 'sign in as an instance admin, or send the operator token as Authorization: Bearer <FEEDLOOP_ADMIN_TOKEN>'
            : 'sign in, or send a token as Authorization: Bearer …',
        );
      }
      request.principal = principal;
      if (access === 'signed-in') {
        if (principal.kind !== 'user') throw new HttpError(403, 'forbidden', 'only a signed-in person can do this');
        return;
      }
      if (access === 'instance') {
        if (principal.kind === 'operator' || (principal.kind === 'user' && principal.instanceAdmin)) return;
        throw new HttpError(403, 'forbidden', 'only an instance admin can do this');
      }
      await authorizeInProject(request, principal, access);
    });

    async function checkPublicKey(request: FastifyRequest): Promise<void> {
      const key = publicKeyOf(request);
      if (!key) throw new HttpError(401, 'unknown_key', `send the project's public key in the ${KEY_HEADER} header or ?${KEY_QUERY}=`);
      if (keyKind(key) === 'secret') {
        throw new HttpError(403, 'wrong_key_type', 'this is a secret key: never put it in a page; use the public key (pk_…)');
      }
      const owner = keyKind(key) === 'public' ? await lookup(key) : undefined;
      if (!owner || owner.kind !== 'public') throw new HttpError(401, 'unknown_key', 'unknown or revoked public key');
      if (!isOriginAllowed(owner.allowedOrigins, request.headers.origin)) {
        throw new HttpError(403, 'origin_not_allowed', `origin ${request.headers.origin} is not allowed for this project`);
      }
      request.projectId = owner.projectId;
      request.scrubber = owner.scrubber;
    }

    /** The caller, from a bearer credential or the session cookie; undefined when there is none. */
    async function authenticate(request: FastifyRequest, checkOrigin = true): Promise<Principal | undefined> {
      const bearer = bearerOf(request);
      if (bearer !== undefined) {
        if (bearer.startsWith(TOKEN_PREFIX)) {
          const token = await authenticateToken(app.db, bearer);
          if (!token) throw new HttpError(401, 'unknown_key', 'unknown, revoked or expired token');
          return token;
        }
        const kind = keyKind(bearer);
        if (kind === 'public') throw new HttpError(403, 'wrong_key_type', 'a public key can only send events; use a token or the secret key');
        if (kind === 'secret') {
          const owner = await lookup(bearer);
          if (!owner || owner.kind !== 'secret') throw new HttpError(401, 'unknown_key', 'unknown or revoked secret key');
          return { kind: 'key', keyId: owner.keyId, projectId: owner.projectId, hint: owner.hint };
        }
        if (config.adminToken && safeEqual(bearer, config.adminToken)) return { kind: 'operator' };
        throw new HttpError(401, 'unauthorized', 'unknown token');
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return undefined;
      const session = await findSession(app.db, cookie, lifetime);
      if (!session) throw new HttpError(401, 'unauthorized', 'your session has ended: sign in again');
      // The cookie goes with any request the browser makes to this site, also one a foreign page
      // started: a request that changes something must come from this service's own pages.
      if (checkOrigin && UNSAFE.has(request.method)) checkSameOrigin(app, request);
      return { kind: 'user', ...session };
    }

    async function authorizeInProject(request: FastifyRequest, principal: Principal, needed: Permission): Promise<void> {
      const fromPath = (request.params as { projectId?: unknown } | undefined)?.projectId;
      const header = request.headers[PROJECT_HEADER];
      let projectId: string | undefined;
      let permissions: ReadonlySet<Permission>;
      const notFound = (id: string) => new HttpError(404, 'not_found', `no project ${id}`);
      if (principal.kind === 'token' || principal.kind === 'key') {
        projectId = principal.projectId;
        if (typeof fromPath === 'string' && fromPath !== projectId) {
          throw UUID.test(fromPath) ? notFound(fromPath) : new HttpError(400, 'invalid_params', 'projectId must be a UUID');
        }
        permissions = permissionsOfScopes(principal.kind === 'token' ? principal.scopes : SECRET_KEY_SCOPES);
      } else {
        projectId = typeof fromPath === 'string' ? fromPath : typeof header === 'string' && header ? header : undefined;
        if (!projectId) throw new HttpError(400, 'project_required', `name the project: ${PROJECT_HEADER}: <projectId>`);
        if (!UUID.test(projectId)) throw new HttpError(400, 'invalid_params', 'projectId must be a UUID');
        if (principal.kind === 'operator' || principal.instanceAdmin) {
          if (!(await findProject(app.db, projectId))) throw notFound(projectId);
          permissions = permissionsOfRole('owner');
        } else {
          const role = await roleOf(app.db, projectId, principal.userId);
          if (!role) throw notFound(projectId);
          permissions = permissionsOfRole(role);
        }
      }
      request.projectId = projectId;
      request.permissions = permissions;
      if (!permissions.has(needed)) {
        throw new HttpError(403, 'forbidden', `this needs the ${needed} permission in the project, which your role or token does not have`);
      }
    }
  },
  { name: 'auth', dependencies: ['database', 'config', 'cookie'] },
);

/** A request that changes something must come from this service's own origin (Origin, or Referer). */
function checkSameOrigin(app: FastifyInstance, request: FastifyRequest): void {
  const own = app.ownOrigin(request);
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const referer = request.headers.referer;
  const fromOwn =
    (site === undefined || site === 'same-origin') &&
    (origin !== undefined ? origin === own : referer !== undefined && (referer === own || referer.startsWith(`${own}/`)));
  if (!fromOwn) {
    throw new HttpError(403, 'csrf_rejected', 'this request did not come from this service’s own pages (Origin / Referer)');
  }
}

/** The public key from the header, or from the query (a beacon cannot set headers). */
export function publicKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers[KEY_HEADER];
  if (typeof header === 'string' && header) return header;
  const value = (request.query as Record<string, unknown> | undefined)?.[KEY_QUERY];
  return typeof value === 'string' && value ? value : undefined;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new HttpError(401, 'unauthorized', 'send credentials as Authorization: Bearer <token>');
  return match[1];
}
