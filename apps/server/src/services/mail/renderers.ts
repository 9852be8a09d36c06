import type { Kysely } from 'kysely';
import type { FeedbackStatus, MailKind, MailLocale } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { normalizeAddress } from './address.js';
import type { ProjectMailSettings } from './settings.js';
import { submitterUpdateMail, testMail, type RenderedMail } from './templates.js';

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
};
