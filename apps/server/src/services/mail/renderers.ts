import type { Kysely } from 'kysely';
import type { AlertEvent, AlertEvidence, AlertKind, FeedbackStatus, MailKind, MailLocale } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { normalizeAddress } from './address.js';
import type { ProjectMailSettings } from './settings.js';
import { buildReport } from '../report/report.js';
import { alertMail, digestMail, submitterUpdateMail, testMail, type RenderedMail } from './templates.js';

/** A mail the worker claimed from the outbox. */
export interface ClaimedMail {
  project_id: string;
  id: string;
  kind: string;
  recipient: string;
  locale: string;
  feedback_id: string | null;
  dedupe_key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface RenderContext {
  db: Kysely<Database>;
  settings: ProjectMailSettings;
  projectName: string;
  unsubscribeUrl: string;
  /** FEEDLOOP_PUBLIC_URL, for links to the dashboard. */
  publicUrl: string;
}

/** What to send, or why the mail is not sent after all (it is then cancelled, with the reason in the log). */
export type Rendering = { mail: RenderedMail } | { cancel: string };

export type MailRenderer = (mail: ClaimedMail, context: RenderContext) => Promise<Rendering>;

/**
 * Each kind renders when it is sent, from the state then: a submitter hears the item's status and
 * reply as they are, an erased item sends nothing. New kinds (alerts, digests) add a renderer here.
 */
export const RENDERERS: Record<MailKind, MailRenderer> = {
  'submitter.update': async (mail, { db, settings, unsubscribeUrl }) => {
    if (!mail.feedback_id) return { cancel: 'no feedback item' };
    const item = await db
      .selectFrom('feedback')
      .select(['feature', 'comment', 'status', 'public_reply', 'email'])
      .where('project_id', '=', mail.project_id)
      .where('id', '=', mail.feedback_id)
      .executeTakeFirst();
    if (!item) return { cancel: 'the feedback item no longer exists' };
    if (item.email === null || normalizeAddress(item.email) !== mail.recipient) return { cancel: "the submitter's address was removed" };
    const status = mail.payload.status === true && (settings.notifyStatuses as string[]).includes(item.status) ? (item.status as FeedbackStatus) : null;
    const reply = mail.payload.reply === true ? item.public_reply : null;
    if (status === null && reply === null) return { cancel: 'nothing left to tell (the change was undone)' };
    return {
      mail: submitterUpdateMail({
        locale: mail.locale as MailLocale,
        feature: item.feature,
        status,
        reply,
        comment: item.comment,
        link: settings.replyLink,
        unsubscribeUrl,
      }),
    };
  },
  test: async (mail, { projectName, unsubscribeUrl }) => ({ mail: testMail({ locale: mail.locale as MailLocale, project: projectName, unsubscribeUrl }) }),
  // An alert as recorded (an erased or purged one sends nothing), to a member still subscribed.
  alert: async (mail, { db, projectName, unsubscribeUrl }) => {
    const eventId = String(mail.payload.eventId ?? '');
    const row = await db.selectFrom('alert_events').selectAll().where('project_id', '=', mail.project_id).where('id', '=', eventId).executeTakeFirst();
    if (!row) return { cancel: 'the alert no longer exists (erased or purged)' };
    const subscribed = await db
      .selectFrom('alert_subscriptions')
      .select('user_id')
      .where('project_id', '=', mail.project_id)
      .where('rule_id', '=', row.rule_id)
      .where('user_id', '=', String(mail.payload.userId ?? ''))
      .executeTakeFirst();
    if (!subscribed) return { cancel: 'no longer subscribed to the rule' };
    const event: AlertEvent = {
      id: row.id,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      kind: row.kind as AlertKind,
      subject: row.subject,
      firedAt: new Date(row.fired_at).toISOString(),
      evidence: row.evidence as unknown as AlertEvidence,
      link: row.link,
    };
    return { mail: alertMail({ locale: mail.locale as MailLocale, project: projectName, event, unsubscribeUrl }) };
  },
  // The period report as it is when sent, to a member who still wants it.
  digest: async (mail, { db, projectName, unsubscribeUrl, publicUrl }) => {
    const still = await db
      .selectFrom('member_mail_settings')
      .select('digest')
      .where('project_id', '=', mail.project_id)
      .where('user_id', '=', String(mail.payload.userId ?? ''))
      .executeTakeFirst();
    if (!still || still.digest === 'off') return { cancel: 'the digest was turned off' };
    const from = String(mail.payload.from);
    const to = String(mail.payload.to);
    const report = await buildReport(db, mail.project_id, { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z`, minCount: 30, terms: 10 });
    return { mail: digestMail({ locale: mail.locale as MailLocale, project: projectName, report, link: `${publicUrl}/dashboard/#/report`, unsubscribeUrl }) };
  },
};
