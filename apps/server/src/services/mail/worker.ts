import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { MailKind } from '@feedloop/protocol';
import { MAIL_LOCK_SQL } from '../../db/functions/locks.js';
import type { Database } from '../../db/schema.js';
import { OutboxPoller, retryDelay } from '../outbox/poller.js';
import { isMailAddress, type Mailbox } from './address.js';
import { RENDERERS, type ClaimedMail } from './renderers.js';
import { projectMailSettings } from './settings.js';
import type { RenderedMail } from './templates.js';
import { SendError, type Accepted, type MailTransport } from './transport.js';
import { unsubscribedAmong, unsubscribeToken } from './unsubscribe.js';

export interface MailWorkerSettings {
  /** How often the outbox is polled. */
  pollMs: number;
  /** Mails claimed per poll. */
  batchSize: number;
  /** Attempts before a temporarily failing mail is given up. */
  maxAttempts: number;
  /** First retry delay; doubled per attempt up to maxBackoffMs (±20 % jitter). */
  backoffMs: number;
  maxBackoffMs: number;
  /** A claimed mail not recorded within this long (its replica died) is claimed again. */
  leaseMs: number;
}

export const DEFAULT_MAIL_WORKER_SETTINGS: MailWorkerSettings = {
  pollMs: 1000,
  batchSize: 10,
  maxAttempts: 8,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  leaseMs: 10 * 60_000,
};

export interface MailWorkerOptions {
  from: Mailbox;
  /** FEEDLOOP_PUBLIC_URL: where unsubscribe links point. */
  publicUrl: string;
  /** Host part of Message-IDs. */
  messageIdHost: string;
}

type Outcome =
  | { kind: 'sent'; accepted: Accepted; durationMs: number }
  | { kind: 'failed'; error: SendError; durationMs: number }
  | { kind: 'cancelled'; reason: string };

type Log = { warn(obj: object, msg: string): void };

/**
 * Sends the mail outbox. Each poll takes a transaction-level advisory lock (one replica claims
 * at a time), claims due mails with FOR UPDATE SKIP LOCKED and marks them 'sending' with a lease,
 * then commits: no transaction stays open during SMTP. So two replicas never hold the same mail;
 * only a replica that dies between the SMTP server's acceptance and the record leaves a mail to
 * be sent again when its lease ends (with the same Message-ID).
 */
export class MailWorker extends OutboxPoller<MailWorkerSettings> {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transport: MailTransport,
    private readonly options: MailWorkerOptions,
    settings: Partial<MailWorkerSettings> = {},
    private readonly log?: Log,
  ) {
    super({ ...DEFAULT_MAIL_WORKER_SETTINGS, ...settings }, (error) => log?.warn({ err: error }, 'mail: poll failed'));
  }

  protected async pass(): Promise<number> {
    const claimed = await this.claim();
    // One at a time: an SMTP server is not hurried by parallel connections from one sender.
    for (const mail of claimed) {
      const outcome = await this.process(mail).catch((error: unknown): Outcome => ({
        kind: 'failed',
        error: new SendError(error instanceof Error ? error.message.slice(0, 500) : String(error), null, true),
        durationMs: 0,
      }));
      // 23503: the project (and so the mail) was deleted meanwhile.
      await this.record(mail, outcome).catch((error: { code?: string }) => {
        if (error.code !== '23503') this.log?.warn({ err: error }, 'mail: cannot record an outcome');
      });
    }
    return claimed.length;
  }

  private async claim(): Promise<ClaimedMail[]> {
    return this.db.transaction().execute(async (trx) => {
      const { rows: lock } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${sql.raw(MAIL_LOCK_SQL)}) as ok`.execute(trx);
      if (!lock[0]?.ok) return [];
      const { rows } = await sql<ClaimedMail>`
        with due as (
          select project_id, id from mail_outbox
          where status in ('pending', 'sending') and not_before <= now()
          order by not_before
          limit ${this.settings.batchSize}
          for update skip locked)
        update mail_outbox o
        set status = 'sending', attempts = o.attempts + 1, updated_at = now(),
          not_before = now() + ${this.settings.leaseMs} * interval '1 millisecond'
        from due
        where o.project_id = due.project_id and o.id = due.id
        returning o.project_id, o.id, o.kind, o.recipient, o.locale, o.feedback_id, o.dedupe_key, o.payload, o.attempts`.execute(trx);
      return rows;
    });
  }

  private async process(mail: ClaimedMail): Promise<Outcome> {
    if (!isMailAddress(mail.recipient)) return { kind: 'cancelled', reason: 'not a valid address' };
    const settings = await projectMailSettings(this.db, mail.project_id);
    if ((await unsubscribedAmong(this.db, mail.project_id, settings.secret, [mail.recipient])).size > 0) return { kind: 'cancelled', reason: 'unsubscribed' };
    const project = await this.db.selectFrom('projects').select('name').where('id', '=', mail.project_id).executeTakeFirst();
    if (!project) return { kind: 'cancelled', reason: 'the project was deleted' };
    const unsubscribeUrl = `${this.options.publicUrl}/v1/mail/unsubscribe?token=${unsubscribeToken(mail.project_id, settings.secret, mail.recipient)}`;
    // A payload may carry a mail rendered when it was queued; otherwise its kind renders it now.
    const prerendered = mail.payload.rendered as RenderedMail | undefined;
    const renderer = RENDERERS[mail.kind as MailKind];
    if (!prerendered && !renderer) return { kind: 'cancelled', reason: `no renderer for ${mail.kind}` };
    const rendering = prerendered ? { mail: prerendered } : await renderer({ ...mail }, { db: this.db, settings, projectName: project.name, unsubscribeUrl, publicUrl: this.options.publicUrl });
    if ('cancel' in rendering) return { kind: 'cancelled', reason: rendering.cancel };
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const accepted = await this.transport.send({
        from: this.options.from,
        to: mail.recipient,
        subject: rendering.mail.subject,
        text: rendering.mail.text,
        html: rendering.mail.html,
        headers: {
          // RFC 8058: one POST to this URL unsubscribes, without a page.
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
        messageId: `<${mail.id}@${this.options.messageIdHost}>`,
      });
      return { kind: 'sent', accepted, durationMs: durationMs() };
    } catch (error) {
      const e = error instanceof SendError ? error : new SendError(String(error), null, true);
      return { kind: 'failed', error: e, durationMs: durationMs() };
    }
  }

  private async record(mail: ClaimedMail, outcome: Outcome): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (outcome.kind === 'cancelled') {
        await sql`
          update mail_outbox set status = 'cancelled', attempts = attempts - 1, last_error = ${outcome.reason}, updated_at = now()
          where project_id = ${mail.project_id} and id = ${mail.id}`.execute(trx);
        return;
      }
      if (outcome.kind === 'sent') {
        await sql`
          update mail_outbox set status = 'sent', sent_at = now(), last_error = null, updated_at = now()
          where project_id = ${mail.project_id} and id = ${mail.id}`.execute(trx);
      } else {
        const giveUp = !outcome.error.temporary || mail.attempts >= this.settings.maxAttempts;
        if (giveUp) {
          await sql`
            update mail_outbox set status = 'failed', last_error = ${outcome.error.message}, updated_at = now()
            where project_id = ${mail.project_id} and id = ${mail.id}`.execute(trx);
        } else {
          const retryMs = retryDelay(mail.attempts, this.settings);
          // A change that came while this mail was being sent made a new pending mail of the same
          // key: this one joins it (only one may be pending) and the retry is the new one's.
          await sql`
            with joined as (
              update mail_outbox n
              set payload = ${JSON.stringify(mail.payload)}::jsonb || n.payload,
                not_before = least(n.not_before, now() + ${retryMs} * interval '1 millisecond')
              where n.project_id = ${mail.project_id} and n.dedupe_key = ${mail.dedupe_key} and n.status = 'pending' and n.id <> ${mail.id}
              returning n.id)
            update mail_outbox o
            set status = case when exists (select 1 from joined) then 'cancelled' else 'pending' end,
              last_error = case when exists (select 1 from joined) then 'joined a newer mail: ' else '' end || ${outcome.error.message},
              not_before = now() + ${retryMs} * interval '1 millisecond', updated_at = now()
            where o.project_id = ${mail.project_id} and o.id = ${mail.id}`.execute(trx);
        }
      }
      await trx
        .insertInto('mail_attempts')
        .values({
          project_id: mail.project_id,
          mail_id: mail.id,
          id: randomUUID(),
          smtp_code: outcome.kind === 'sent' ? outcome.accepted.code : outcome.error.code,
          error: outcome.kind === 'sent' ? null : outcome.error.message,
          duration_ms: outcome.durationMs,
        })
        .execute();
    });
  }
}
