import fp from 'fastify-plugin';
import pg from 'pg';
import { sql } from 'kysely';
import { LiveHub } from '../../services/live/hub.js';
import { LIVE_CHANNEL_PREFIX } from '../../db/live-channel.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Live feedback events of this replica's subscribers (GET /v1/stream). */
    live: LiveHub;
  }
}

/**
 * LISTENs on the live channel of the service's schema: PostgreSQL NOTIFY reaches every replica,
 * so a stream on any replica sees feedback accepted by any other. With PostgreSQL the listener
 * is a connection of its own (outside the pool), reconnected with backoff after a failure; with
 * PGlite, its in-process listen().
 */
export default fp(
  async (app) => {
    const hub = new LiveHub(app.db, (error) => app.log.warn({ err: error }, 'live: fan-out failed'));
    app.decorate('live', hub);
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(app.db);
    const channel = LIVE_CHANNEL_PREFIX + (rows[0]?.schema ?? 'public');

    const { pglite, pool } = app.database;
    if (pglite) {
      const unlisten = await pglite.listen(channel, (payload) => hub.handle(payload));
      app.addHook('onClose', async () => unlisten().catch(() => {}));
      return;
    }
    if (!pool) return;

    let client: pg.Client | undefined;
    let closed = false;
    let retryMs = 500;
    let retryTimer: NodeJS.Timeout | undefined;
    const connect = async (reconnecting: boolean) => {
      const c = new pg.Client(pool.options);
      c.on('notification', (message) => {
        if (message.channel === channel && message.payload) hub.handle(message.payload);
      });
      c.on('error', () => {}); // 'end' follows and reconnects
      c.on('end', () => {
        if (client === c) client = undefined;
        if (!closed) retry();
      });
      try {
        await c.connect();
        await c.query(`listen "${channel.replace(/"/g, '""')}"`);
      } catch (error) {
        app.log.warn({ err: (error as Error).message }, 'live: cannot listen; retrying');
        await c.end().catch(() => {});
        return;
      }
      if (closed) return void c.end().catch(() => {});
      client = c;
      retryMs = 500;
      if (reconnecting) hub.resyncAll();
    };
    const retry = () => {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void connect(true), retryMs);
      retryTimer.unref();
      retryMs = Math.min(retryMs * 2, 30_000);
    };
    await connect(false);
    if (!client) retry();
    app.addHook('onClose', async () => {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => {});
    });
  },
  { name: 'live', dependencies: ['database'] },
);
