import fp from 'fastify-plugin';
import { purgeAccountRecords } from '../../services/retention/accounts.js';
import { purgeRawEvents } from '../../services/retention/retention.js';
import { purgeErasureReceipts, purgeFirstSightings } from '../../services/retention/sightings.js';

const HOUR = 3_600_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** One retention run now (the hourly one otherwise); resolves when it is done. */
    runRetention(): Promise<void>;
  }
}

/**
 * Hourly (first run after a minute): raw events past FEEDLOOP_RETENTION_DAYS, when set; first
 * sightings past FEEDLOOP_FIRST_SIGHTING_RETENTION_DAYS whose raw events are gone; and, whatever
 * those are, what accounts leave behind (ended sessions, spent links, stale sign-in counters,
 * abandoned SSO attempts), audit entries past FEEDLOOP_AUDIT_RETENTION_DAYS and erasure receipts
 * past FEEDLOOP_ERASURE_RECEIPT_DAYS. Every period: docs/privacy.md.
 */
export default fp(
  async (app) => {
    const { retentionDays, auditRetentionDays, sessionIdleMs, sessionAbsoluteMs, firstSightingRetentionDays, erasureReceiptDays } = app.config;
    const ago = (days: number) => new Date(Date.now() - days * 24 * HOUR);

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

    async function purgeSightings(): Promise<void> {
      try {
        const sightings = firstSightingRetentionDays > 0 ? await purgeFirstSightings(app.db, ago(firstSightingRetentionDays)) : undefined;
        if (sightings && sightings.exposedUsers + sightings.feedbackUsers > 0) app.log.info(sightings, 'retention: first sightings purged');
        const receipts = erasureReceiptDays > 0 ? await purgeErasureReceipts(app.db, ago(erasureReceiptDays)) : 0;
        if (receipts > 0) app.log.info({ receipts }, 'retention: erasure receipts purged');
      } catch (error) {
        app.log.warn({ err: error }, 'retention: purge of first sightings or receipts failed; retrying next hour');
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
        await purgeSightings();
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
