import fp from 'fastify-plugin';
import { purgeRawEvents } from '../../services/retention/retention.js';

const HOUR = 3_600_000;

/** With FEEDLOOP_RETENTION_DAYS set, purges raw events past the retention hourly (first run after a minute). */
export default fp(
  async (app) => {
    const days = app.config.retentionDays;
    if (days <= 0) return;
    let running: Promise<unknown> | undefined;
    const run = () => {
      if (running) return;
      const cutoff = new Date(Date.now() - days * 24 * HOUR);
      running = purgeRawEvents(app.db, cutoff)
        .then((result) => {
          if (result.feedback + result.exposures > 0) app.log.info({ ...result, cutoff }, 'retention: raw events purged');
        })
        .catch((error: unknown) => app.log.warn({ err: error }, 'retention: purge failed; retrying next hour'))
        .finally(() => (running = undefined));
    };
    const first = setTimeout(run, 60_000).unref();
    const every = setInterval(run, HOUR).unref();
    app.addHook('onClose', async () => {
      clearTimeout(first);
      clearInterval(every);
      await running;
    });
  },
  { name: 'retention', dependencies: ['database', 'config'] },
);
