import fp from 'fastify-plugin';
import pg from 'pg';
import { Counter, Gauge, Histogram } from 'prom-client';
import { AGGREGATOR_LOCK_SQL } from '../../db/functions/locks.js';
import { Aggregator, type Leadership } from '../../services/rollups/aggregator.js';
import { readFreshness } from '../../services/rollups/freshness.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This replica's aggregator (it runs passes while it leads). */
    aggregator: Aggregator;
  }
}

/**
 * The incremental aggregator, one active across replicas. With PostgreSQL the leader is the
 * replica holding a session advisory lock on a connection of its own (outside the pool): when
 * it dies, its connection closes, the lock goes with it, and another replica takes it at its
 * next try (electionMs). With PGlite this process is the only one.
 */
export default fp(
  async (app) => {
    const { config, metrics } = app;
    const passes = new Counter({ name: 'feedloop_aggregator_passes_total', help: 'Aggregator passes run here', registers: [metrics.registry] });
    const rows = new Counter({ name: 'feedloop_aggregator_rows_total', help: 'Raw rows folded into the aggregates here', registers: [metrics.registry] });
    const seconds = new Histogram({
      name: 'feedloop_aggregator_pass_duration_seconds',
      help: 'Duration of aggregator passes',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [metrics.registry],
    });
    const errors = new Counter({ name: 'feedloop_aggregator_errors_total', help: 'Failed aggregator passes', registers: [metrics.registry] });
    const leading = new Gauge({ name: 'feedloop_aggregator_leader', help: '1 while this replica runs the passes', registers: [metrics.registry] });
    new Gauge({
      name: 'feedloop_aggregates_lag_seconds',
      help: 'How far the aggregates are behind: now minus the moment before which every acknowledged event is in them',
      registers: [metrics.registry],
      async collect() {
        const freshness = await readFreshness(app.db).catch(() => undefined);
        if (freshness) this.set(Math.max(0, (Date.now() - freshness.asOf.getTime()) / 1000));
      },
    });
    new Gauge({
      name: 'feedloop_aggregator_backlog_rows',
      help: 'Ingest numbers drawn past the watermark (an upper bound of the rows waiting)',
      registers: [metrics.registry],
      async collect() {
        const freshness = await readFreshness(app.db).catch(() => undefined);
        if (freshness) this.set(Math.max(0, freshness.endSeq - freshness.lastSeq));
      },
    });

    const leadership: Leadership = app.database.pool ? postgresLeadership(app.database.pool.options, (leader) => leading.set(leader ? 1 : 0)) : alone(leading);
    const aggregator = new Aggregator(app.db, leadership, {
      // PGlite has one connection: smaller passes keep requests from waiting behind a long one.
      maxRows: config.aggregateMaxRows ?? (app.database.pglite ? 2_000 : 20_000),
      idlePollMs: config.aggregateIdlePollMs,
      paceMs: config.aggregatePaceMs,
      // PGlite has one connection: one pass at a time.
      workers: app.database.pglite ? 1 : config.aggregateWorkers,
      electionMs: 1000,
      onPass(result, duration) {
        passes.inc();
        rows.inc(result.rows);
        seconds.observe(duration);
      },
      onError(error) {
        errors.inc();
        app.log.warn({ err: error }, 'aggregator: pass failed (it will retry)');
      },
    });
    app.decorate('aggregator', aggregator);
    if (config.aggregator) app.addHook('onReady', async () => aggregator.start());
    app.addHook('preClose', async () => aggregator.stop());
  },
  { name: 'aggregator', dependencies: ['database', 'config', 'metrics'] },
);

function alone(leading: Gauge): Leadership {
  leading.set(1);
  return { isLeader: async () => true, release: async () => {} };
}

/** Leadership by `pg_try_advisory_lock` on a connection of its own; lost with that connection. */
function postgresLeadership(options: pg.ClientConfig, report: (leader: boolean) => void): Leadership {
  let client: pg.Client | undefined;
  let leader = false;
  const drop = () => {
    leader = false;
    report(false);
    const c = client;
    client = undefined;
    c?.end().catch(() => {});
  };
  return {
    async isLeader() {
      if (leader && client) return true;
      try {
        if (!client) {
          const c = new pg.Client(options);
          c.on('error', drop);
          await c.connect();
          client = c;
        }
        const { rows } = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(${AGGREGATOR_LOCK_SQL}) as ok`);
        leader = rows[0]!.ok;
        report(leader);
      } catch {
        drop();
      }
      return leader;
    },
    async release() {
      drop();
    },
  };
}
