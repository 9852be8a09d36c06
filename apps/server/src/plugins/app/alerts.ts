import fp from 'fastify-plugin';
import { AlertScheduler } from '../../services/alerts/scheduler.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Alert checks and digests of this replica (one replica at a time does the work; tests tick it with their own clock). */
    alerts: AlertScheduler;
  }
}

/** Alerts: keyword matching and due digests every 10 s, the metric rules every 5 minutes; alerts kept 90 days. */
export default fp(
  async (app) => {
    const { mail, publicUrl } = app.config;
    const scheduler = new AlertScheduler(
      app.db,
      {
        publicUrl,
        // Mail is on only with SMTP, a sender and a public URL (the mail worker's conditions).
        mailOn: mail !== undefined && app.mailTransport !== undefined && publicUrl !== undefined,
        tickMs: 10_000,
        metricEveryMs: 5 * 60_000,
        keepDays: 90,
        clock: () => new Date(),
        onQueued: () => {
          app.mailWorker?.wake();
          app.webhookDispatcher.wake();
        },
      },
      app.log,
    );
    app.decorate('alerts', scheduler);
    app.addHook('onReady', async () => scheduler.start());
    app.addHook('preClose', async () => scheduler.stop());
  },
  { name: 'alerts', dependencies: ['database', 'config', 'mail-worker', 'webhook-dispatcher'] },
);
