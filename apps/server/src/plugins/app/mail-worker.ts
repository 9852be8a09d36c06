import fp from 'fastify-plugin';
import { purgeMailLog } from '../../services/mail/outbox.js';
import { MailWorker } from '../../services/mail/worker.js';

const HOUR = 3_600_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends the mail outbox in the background; undefined when mail is off (settings are tunable, e.g. by tests). */
    mailWorker: MailWorker | undefined;
  }
}

/** The mail sender of this replica; every replica runs one, one at a time claims (services/mail/worker.ts). */
export default fp(
  async (app) => {
    const { mail, publicUrl } = app.config;
    const transport = app.mailTransport;
    // The delivery log keeps 30 days (also when mail has since been turned off): purged hourly, first after a minute.
    let purging: Promise<unknown> | undefined;
    const purge = () => {
      purging ??= purgeMailLog(app.db)
        .catch((error: unknown) => app.log.warn({ err: error }, 'mail: delivery log purge failed'))
        .finally(() => (purging = undefined));
    };
    const first = setTimeout(purge, 60_000).unref();
    const every = setInterval(purge, HOUR).unref();
    app.addHook('preClose', async () => {
      clearTimeout(first);
      clearInterval(every);
      await purging;
    });
    if (!mail || !transport || !publicUrl) {
      app.decorate('mailWorker', undefined);
      return;
    }
    const worker = new MailWorker(app.db, transport, { from: mail.from, publicUrl, messageIdHost: new URL(publicUrl).hostname }, {}, app.log);
    app.decorate('mailWorker', worker);
    app.addHook('onReady', async () => worker.start());
    // Before the database closes: let a mail in flight record its outcome.
    app.addHook('preClose', async () => worker.stop());
  },
  { name: 'mail-worker', dependencies: ['database', 'config', 'mail-transport'] },
);
