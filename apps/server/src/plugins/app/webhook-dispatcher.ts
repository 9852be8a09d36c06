import fp from 'fastify-plugin';
import { WebhookDispatcher } from '../../services/webhooks/dispatcher.js';
import { purgeDeliveryLog } from '../../services/webhooks/purge.js';

const HOUR = 3_600_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends the webhook outbox in the background (settings are tunable, e.g. by tests). */
    webhookDispatcher: WebhookDispatcher;
  }
}

/** The background webhook sender of this replica; every replica runs one, they share the outbox. */
export default fp(
  async (app) => {
    const dispatcher = new WebhookDispatcher(app.db, { allowPrivate: app.config.webhookAllowPrivate }, app.log);
    app.decorate('webhookDispatcher', dispatcher);
    // The delivery log keeps FEEDLOOP_WEBHOOK_LOG_DAYS (30): purged hourly (first after a minute).
    let purging: Promise<unknown> | undefined;
    const purge = () => {
      purging ??= purgeDeliveryLog(app.db, app.config.webhookLogDays)
        .catch((error: unknown) => app.log.warn({ err: error }, 'webhooks: delivery log purge failed'))
        .finally(() => (purging = undefined));
    };
    const first = setTimeout(purge, 60_000).unref();
    const every = setInterval(purge, HOUR).unref();
    app.addHook('onReady', async () => dispatcher.start());
    // Before the database closes: let deliveries in flight record their outcome.
    app.addHook('preClose', async () => {
      clearTimeout(first);
      clearInterval(every);
      await Promise.all([dispatcher.stop(), purging]);
    });
  },
  { name: 'webhook-dispatcher', dependencies: ['database', 'config'] },
);
