import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../db/errors.js';
import { GroupCommitWriter } from '../../services/events/group-commit.js';
import { writeEvents } from '../../services/events/write-events.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one way events reach the database: resolves once they are committed. */
    eventWriter: GroupCommitWriter;
  }
}

/**
 * The group-commit writer of this process. On close it stops taking events and waits until
 * every accepted one is committed, before the database is closed.
 */
export default fp(
  async (app) => {
    const { config, metrics } = app;
    const writer = new GroupCommitWriter({
      maxBatchEvents: config.flushMaxEvents,
      intervalMs: config.flushIntervalMs,
      // PGlite is one connection: parallel transactions would only queue behind each other.
      concurrency: config.flushConcurrency ?? (app.database.driver === 'pglite' ? 1 : 2),
      maxBufferedEvents: config.bufferMaxEvents,
      write: (rows) => writeEvents(app.db, rows),
      onFlush(events, seconds, error) {
        // New rows: the aggregator (if it leads here) passes at once.
        if (!error) app.aggregator.wake();
        metrics.flushEvents.observe(events);
        metrics.flushSeconds.observe(seconds);
        if (error) {
          metrics.flushErrors.inc();
          if (!isDatabaseUnavailable(error)) app.log.error({ err: error, events }, 'flush failed');
        }
      },
    });
    metrics.bufferDepth.read = () => writer.depth;
    app.decorate('eventWriter', writer);
    app.addHook('onClose', async () => writer.close());
  },
  { name: 'event-writer', dependencies: ['database', 'metrics', 'config', 'aggregator'] },
);
