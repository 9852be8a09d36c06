import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export interface Metrics {
  registry: Registry;
  events: Counter<'outcome' | 'code'>;
  flushEvents: Histogram;
  flushSeconds: Histogram;
  flushErrors: Counter;
  /** Secrets replaced (or entries dropped) at ingest, by kind; never what was matched. */
  scrubbed: Counter<'kind'>;
  /** Where the buffer-depth gauge reads its value (set by the event writer). */
  bufferDepth: { read: () => number };
}

/**
 * Prometheus metrics at /metrics: ingest outcomes, group-commit batches and latency, buffer
 * depth, database pool usage, HTTP latency per route, and the process defaults. One registry
 * per app instance, so several instances (tests) never share counters.
 */
export default fp(
  async (app) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const metrics: Metrics = {
      registry,
      events: new Counter({
        name: 'feedloop_events_total',
        help: 'Events received, by outcome (accepted, duplicate, rejected) and rejection code',
        labelNames: ['outcome', 'code'],
        registers: [registry],
      }),
      flushEvents: new Histogram({
        name: 'feedloop_flush_batch_events',
        help: 'Events written per group-commit transaction',
        buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        registers: [registry],
      }),
      flushSeconds: new Histogram({
        name: 'feedloop_flush_duration_seconds',
        help: 'Duration of group-commit transactions',
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
      }),
      flushErrors: new Counter({ name: 'feedloop_flush_errors_total', help: 'Failed group-commit transactions', registers: [registry] }),
      scrubbed: new Counter({
        name: 'feedloop_scrubbed_total',
        help: 'Secrets redacted from events at ingest (and metadata keys or query strings dropped), by kind',
        labelNames: ['kind'],
        registers: [registry],
      }),
      bufferDepth: { read: () => 0 },
    };
    new Gauge({
      name: 'feedloop_buffer_events',
      help: 'Events waiting for or inside a transaction',
      registers: [registry],
      collect() {
        this.set(metrics.bufferDepth.read());
      },
    });
    const pool = app.database.pool;
    new Gauge({
      name: 'feedloop_db_pool_connections',
      help: 'PostgreSQL pool connections by state (total, idle, waiting requests)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    const http = new Histogram({
      name: 'feedloop_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    // One child per label set, looked up by a plain string: labelling on every request (prom-client
    // sorts and joins the labels each time) showed in the ingest path's profile.
    const byLabels = new Map<string, { observe(value: number): void }>();
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `${request.method} ${route} ${reply.statusCode}`;
      let child = byLabels.get(key);
      if (!child) {
        child = http.labels({ method: request.method, route, status: String(reply.statusCode) });
        byLabels.set(key, child);
      }
      child.observe(reply.elapsedTime / 1000);
    });
    app.decorate('metrics', metrics);
    app.get('/metrics', { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'Prometheus metrics' } }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'metrics', dependencies: ['database'] },
);
