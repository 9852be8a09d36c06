import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { KEY_HEADER, KEY_QUERY } from '@feedloop/protocol';

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
            'In-product feedback: ingest from browsers (public key), analytics for product teams (secret key), project management (admin token).',
        },
        components: {
          securitySchemes: {
            publicKeyHeader: { type: 'apiKey', in: 'header', name: KEY_HEADER },
            publicKeyQuery: { type: 'apiKey', in: 'query', name: KEY_QUERY },
            secretKey: { type: 'http', scheme: 'bearer', description: 'sk_… project secret key' },
            adminToken: { type: 'http', scheme: 'bearer', description: 'FEEDLOOP_ADMIN_TOKEN' },
          },
        },
        tags: [
          { name: 'ingest', description: 'Events from the widget and SDK' },
          { name: 'analytics', description: 'What users say, per feature and experiment' },
          { name: 'admin', description: 'Projects and keys' },
        ],
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
