import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { KEY_HEADER, KEY_QUERY, PROJECT_HEADER, SESSION_COOKIE } from '@feedloop/protocol';

/**
 * How each route's declared access (config.access, plugins/app/auth.ts) reads in the document:
 * its security requirement, and `x-feedloop-access`, the permission it needs.
 */
function securityOf(access: unknown): Record<string, string[]>[] | undefined {
  if (access === undefined || access === 'public') return undefined;
  if (access === 'browser') return [{ publicKeyHeader: [] }, { publicKeyQuery: [] }];
  if (access === 'signed-in') return [{ session: [] }];
  if (access === 'instance') return [{ session: [] }, { operatorToken: [] }];
  return [{ session: [] }, { token: [] }];
}

/**
 * The OpenAPI document, generated from the route schemas (which come from @feedloop/protocol),
 * served as JSON at /docs/json by the reference UI below.
 */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Feedloop API',
          version: '1.0.0',
          description:
            'In-product feedback: ingest from browsers (public key); analytics, triage and settings for product teams ' +
            '(a signed-in person, an API token or a project secret key), each route needing a permission (x-feedloop-access: ' +
            'read, emails, triage, export, admin, owner in a project; signed-in; instance).',
        },
        components: {
          securitySchemes: {
            publicKeyHeader: { type: 'apiKey', in: 'header', name: KEY_HEADER },
            publicKeyQuery: { type: 'apiKey', in: 'query', name: KEY_QUERY },
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: SESSION_COOKIE,
              description: `A signed-in person (POST /v1/session); name the project in the ${PROJECT_HEADER} header.`,
            },
            token: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API token (flt_…) or a project secret key (sk_…, which acts as a token with read, export and triage).',
            },
            operatorToken: { type: 'http', scheme: 'bearer', description: 'FEEDLOOP_ADMIN_TOKEN: the operator of this instance.' },
          },
        },
        tags: [
          { name: 'ingest', description: 'Events from the widget and SDK' },
          { name: 'analytics', description: 'What users say, per feature and experiment' },
          { name: 'admin', description: 'Projects and keys' },
          { name: 'accounts', description: 'Sign-in, sessions, users, members, API tokens, the audit trail' },
          { name: 'privacy', description: "Erasure and access requests of one person (docs/privacy.md)" },
          { name: 'mail', description: 'Mail to submitters: settings, test mail, delivery log, unsubscribing (docs/mail.md)' },
        ],
      },
      // The security of each operation follows from the access its route declares: one home.
      transform: ({ schema, url, route }) => {
        const declared = route.config?.access;
        const access = typeof declared === 'function' ? route.config?.accessLabel : declared;
        // A choice between permissions in a project: the same credentials either way.
        const security = securityOf(typeof declared === 'function' ? 'read' : declared);
        const out = { ...(schema as object), ...(security ? { security } : {}), ...(access ? { 'x-feedloop-access': access } : {}) };
        return { schema: out as typeof schema, url };
      },
    });
  },
  { name: 'swagger' },
);

/** The browsable reference at /docs (registered with the pages, under their security headers). */
export const docsUi = fp(
  async (app) => {
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'docs-ui', dependencies: ['swagger'] },
);
