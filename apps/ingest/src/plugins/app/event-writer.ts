import fp from 'fastify-plugin';
import type { EventRows } from '../../services/ingest/to-rows.js';
import { writeEvents, type WriteResult } from '../../services/ingest/write-events.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one way events reach the database: resolves once they are committed. */
    eventWriter: { write(rows: EventRows): Promise<WriteResult> };
  }
}

export default fp(
  async (app) => {
    app.decorate('eventWriter', { write: (rows: EventRows) => writeEvents(app.db, rows) });
  },
  { name: 'event-writer', dependencies: ['database'] },
);
