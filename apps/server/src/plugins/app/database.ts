import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../db/connect.js';
import { pendingMigrations } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    database: DatabaseHandle;
    /** Migrations not applied yet: the readiness check. */
    pendingMigrations(): Promise<string[]>;
  }
}

/** Makes the database available to every route; closes it when the server closes. */
export default fp<{ handle: DatabaseHandle; closeOnShutdown: boolean; schema?: string | undefined }>(
  async (app, { handle, closeOnShutdown, schema }) => {
    app.decorate('db', handle.db);
    app.decorate('database', handle);
    app.decorate('pendingMigrations', () => pendingMigrations(handle.db, schema));
    if (closeOnShutdown) app.addHook('onClose', async () => handle.db.destroy());
  },
  { name: 'database' },
);
