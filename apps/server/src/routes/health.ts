import type { FastifyPluginAsync } from 'fastify';

/** Liveness and readiness for orchestrators and load balancers. */
const health: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'The process is alive' } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'The database is reachable and fully migrated' } },
    async (_request, reply) => {
      let pending: string[];
      try {
        pending = await app.pendingMigrations();
      } catch {
        return reply.code(503).send({ code: 'database_unavailable', message: 'the database is unreachable' });
      }
      if (pending.length > 0) {
        return reply.code(503).send({ code: 'database_unavailable', message: `migrations pending: ${pending.join(', ')}` });
      }
      return { status: 'ready', database: app.database.driver };
    },
  );
};

export default health;
