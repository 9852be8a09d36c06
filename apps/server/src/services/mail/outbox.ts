import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { MailDelivery, MailKind, MailStatus } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { isMailAddress, normalizeAddress } from './address.js';
import { projectMailSettings } from './settings.js';
import { mailLocale } from './strings.js';
import { unsubscribedAmong } from './unsubscribe.js';

const HOUR_MS = 3_600_000;

/**
 * One mail for the outbox, of any kind (submitter updates, test mails; alerts and digests add
 * theirs): its recipient, a payload its renderer (renderers.ts) turns into the mail when it is
 * sent, and optionally a dedupe key. While a mail with the same key is pending, a new one joins
 * it instead (payloads merged, later keys winning; its not_before kept): that is how several
 * changes make one mail. `delayMs` holds a new mail back (the coalescing window); `minGapMs`
 * keeps it at least that long after the last mail of the same key was sent.
 */
export interface NewMail {
  kind: MailKind;
  recipient: string;
  locale?: string | null;
  feedbackId?: string | null;
  dedupeKey?: string | null;
  payload: Record<string, unknown>;
  delayMs?: number;
  minGapMs?: number;
}

/** Writes (or joins) a mail in the caller's transaction; its id. */
export async function enqueueMail(db: Kysely<Database> | Transaction<Database>, projectId: string, mail: NewMail): Promise<string> {
  const key = mail.dedupeKey ?? null;
  const { rows } = await sql<{ id: string }>`
    insert into mail_outbox (project_id, id, kind, recipient, locale, feedback_id, dedupe_key, payload, not_before)
    values (${projectId}, ${randomUUID()}, ${mail.kind}, ${normalizeAddress(mail.recipient)}, ${mailLocale(mail.locale)},
      ${mail.feedbackId ?? null}, ${key}, ${JSON.stringify(mail.payload)}::jsonb,
      greatest(
        now() + ${mail.delayMs ?? 0} * interval '1 millisecond',
        coalesce(
          (select max(coalesce(o.sent_at, o.updated_at)) from mail_outbox o
           where o.project_id = ${projectId} and o.dedupe_key = ${key} and o.status in ('sent', 'sending')),
          '-infinity'::timestamptz) + ${mail.minGapMs ?? 0} * interval '1 millisecond'))
    on conflict (project_id, dedupe_key) where status = 'pending'
    do update set payload = mail_outbox.payload || excluded.payload, recipient = excluded.recipient, locale = excluded.locale, updated_at = now()
    returning id`.execute(db);
  return rows[0]!.id;
}

/** An item's change as the submitter may hear of it. */
export interface SubmitterChange {
  id: string;
  statusChanged: boolean;
  status: string;
  replyChanged: boolean;
  reply: string | null;
}

/**
 * The submitter hears back (in the triage transaction): for a new public reply, or a move to a
 * status the project tells, of an item whose submitter left an address that is not on the
 * unsubscribe list. One pending mail per item (dedupe key): changes within `coalesceMs` join
 * it, and it waits at least an hour after the item's last mail. What it says is read when it is
 * sent (renderers.ts), so it tells the item's state then.
 */
export async function enqueueSubmitterUpdates(
  trx: Transaction<Database>,
  projectId: string,
  changes: readonly SubmitterChange[],
  coalesceMs: number,
): Promise<number> {
  if (changes.length === 0) return 0;
  const settings = await projectMailSettings(trx, projectId);
  const told = new Map<string, { status?: true; reply?: true }>();
  for (const c of changes) {
    const reasons: { status?: true; reply?: true } = {};
    if (c.statusChanged && (settings.notifyStatuses as string[]).includes(c.status)) reasons.status = true;
    if (c.replyChanged && c.reply !== null) reasons.reply = true;
    if (reasons.status || reasons.reply) told.set(c.id, reasons);
  }
  if (told.size === 0) return 0;
  const items = await trx
    .selectFrom('feedback')
    .select(['id', 'email', 'locale'])
    .where('project_id', '=', projectId)
    .where('id', 'in', [...told.keys()])
    .where('email', 'is not', null)
    .execute();
  const withAddress = items.filter((i) => isMailAddress(i.email!.trim()));
  const unsubscribed = await unsubscribedAmong(trx, projectId, settings.secret, withAddress.map((i) => normalizeAddress(i.email!)));
  let queued = 0;
  for (const item of withAddress) {
    if (unsubscribed.has(normalizeAddress(item.email!))) continue;
    await enqueueMail(trx, projectId, {
      kind: 'submitter.update',
      recipient: item.email!,
      locale: item.locale,
      feedbackId: item.id,
      dedupeKey: `submitter:${item.id}`,
      payload: told.get(item.id)!,
      delayMs: coalesceMs,
      minGapMs: HOUR_MS,
    });
    queued += 1;
  }
  return queued;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The project's mail log, newest first, each with its attempts. */
export async function listMails(
  db: Kysely<Database>,
  projectId: string,
  options: { status?: MailStatus | undefined; limit: number; id?: string },
): Promise<MailDelivery[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['id', 'kind', 'recipient', 'locale', 'feedback_id', 'status', 'attempts', 'created_at', 'not_before', 'sent_at', 'last_error'])
    .where('project_id', '=', projectId)
    .$if(options.status !== undefined, (qb) => qb.where('status', '=', options.status!))
    .$if(options.id !== undefined, (qb) => qb.where('id', '=', options.id!))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom('mail_attempts')
    .select(['mail_id', 'at', 'smtp_code', 'error', 'duration_ms'])
    .where('project_id', '=', projectId)
    .where('mail_id', 'in', rows.map((r) => r.id))
    .orderBy('at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as MailKind,
    recipient: r.recipient,
    locale: r.locale,
    feedbackId: r.feedback_id,
    status: r.status,
    attempts: r.attempts,
    createdAt: iso(r.created_at)!,
    notBefore: r.status === 'pending' ? iso(r.not_before) : null,
    sentAt: iso(r.sent_at),
    lastError: r.last_error,
    attemptLog: attempts
      .filter((a) => a.mail_id === r.id)
      .map((a) => ({ at: iso(a.at)!, smtpCode: a.smtp_code, error: a.error, durationMs: a.duration_ms })),
  }));
}

/** The delivery log keeps 30 days: finished mails (sent, failed, cancelled) older than that go, with their attempts. */
export async function purgeMailLog(db: Kysely<Database>, keepDays = 30): Promise<number> {
  const result = await sql`
    delete from mail_outbox
    where status in ('sent', 'failed', 'cancelled') and created_at < now() - ${keepDays} * interval '1 day'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
