import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';

/** Liveness and readiness for orchestrators and load balancers. */
const health: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { schema: { tags: ['operations'] } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['operations'] } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.db);
      return { status: 'ready', database: app.database.driver };
    } catch {
      return reply.code(503).send({ code: 'database_unavailable', message: 'the database is unreachable' });
    }
  });
};

export default health;
