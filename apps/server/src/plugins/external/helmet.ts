import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/**
 * Security headers on every response. Content-Security-Policy is set per page (the demo and the
 * dashboard set strict ones); Cross-Origin-Resource-Policy is relaxed where content is meant to
 * be embedded elsewhere (the widget files set their own).
 */
export default fp(
  async (app) => {
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: false,
      hsts: { maxAge: 15_552_000, includeSubDomains: false },
    });
  },
  { name: 'helmet' },
);
