import fp from 'fastify-plugin';
import { purgeAccountRecords } from '../../services/retention/accounts.js';
import { purgeRawEvents } from '../../services/retention/retention.js';

const HOUR = 3_600_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** One retention run now (the hourly one otherwise); resolves when it is done. */
    runRetention(): Promise<void>;
  }
}

/**
 * Hourly (first run after a minute): raw events past FEEDLOOP_RETENTION_DAYS, when set; and,
 * whatever that is, what accounts leave behind (ended sessions, spent links, stale sign-in
 * counters, abandoned SSO attempts) and audit entries past FEEDLOOP_AUDIT_RETENTION_DAYS.
 */
export default fp(
  async (app) => {
    const { retentionDays, auditRetentionDays, sessionIdleMs, sessionAbsoluteMs } = app.config;

    async function purgeEvents(): Promise<void> {
      if (retentionDays <= 0) return;
      const cutoff = new Date(Date.now() - retentionDays * 24 * HOUR);
      try {
        const result = await purgeRawEvents(app.db, cutoff);
        if (result.feedback + result.exposures + result.promptEvents > 0) app.log.info({ ...result, cutoff }, 'retention: raw events purged');
      } catch (error) {
        app.log.warn({ err: error }, 'retention: purge of raw events failed; retrying next hour');
      }
    }

    async function purgeAccounts(): Promise<void> {
      try {
        const result = await purgeAccountRecords(app.db, { lifetime: { idleMs: sessionIdleMs, absoluteMs: sessionAbsoluteMs }, auditRetentionDays });
        if (Object.values(result).some((n) => n > 0)) app.log.info(result, 'retention: account records purged');
      } catch (error) {
        app.log.warn({ err: error }, 'retention: purge of account records failed; retrying next hour');
      }
    }

    let running: Promise<void> | undefined;
    const run = () =>
      (running ??= (async () => {
        await purgeEvents();
        await purgeAccounts();
      })().finally(() => (running = undefined)));

    app.decorate('runRetention', run);
    const first = setTimeout(run, 60_000).unref();
    const every = setInterval(run, HOUR).unref();
    // Before the database closes (onClose hooks may run after it): let a run in flight finish.
    app.addHook('preClose', async () => {
      clearTimeout(first);
      clearInterval(every);
      await running;
    });
  },
  { name: 'retention', dependencies: ['database', 'config'] },
);
