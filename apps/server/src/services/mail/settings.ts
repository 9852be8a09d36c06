import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { FeedbackStatus, MailSettings, UpdateMailSettingsRequest } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';

/** What the service's configuration says about mail (config.ts), as the settings answer shows it. */
export interface MailSwitch {
  enabled: boolean;
  from: string | null;
  coalesceMs: number;
}

export const MAIL_OFF_REASON = 'Mail is off: FEEDLOOP_SMTP_URL and FEEDLOOP_MAIL_FROM are not set on this service.';

export interface ProjectMailSettings {
  notifyStatuses: FeedbackStatus[];
  replyLink: string | null;
  secret: string;
}

/**
 * The project's mail settings; the row (with its secret) is made on first use, so every
 * project has one without a step at creation.
 */
export async function projectMailSettings(db: Kysely<Database> | Transaction<Database>, projectId: string): Promise<ProjectMailSettings> {
  await db
    .insertInto('mail_settings')
    .values({ project_id: projectId, secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('project_id').doNothing())
    .execute();
  const row = await db.selectFrom('mail_settings').selectAll().where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return { notifyStatuses: row.notify_statuses as FeedbackStatus[], replyLink: row.reply_link, secret: row.secret };
}

export function toMailSettings(s: MailSwitch, p: ProjectMailSettings): MailSettings {
  return {
    enabled: s.enabled,
    reason: s.enabled ? null : MAIL_OFF_REASON,
    from: s.from,
    coalesceSeconds: Math.round(s.coalesceMs / 1000),
    notifyStatuses: p.notifyStatuses,
    replyLink: p.replyLink,
  };
}

export async function updateMailSettings(db: Kysely<Database>, projectId: string, input: UpdateMailSettingsRequest): Promise<ProjectMailSettings> {
  const replyLink = input.replyLink === undefined ? undefined : input.replyLink === null || input.replyLink.trim() === '' ? null : checkLink(input.replyLink);
  await projectMailSettings(db, projectId);
  await db
    .updateTable('mail_settings')
    .set({
      ...(input.notifyStatuses === undefined ? {} : { notify_statuses: [...new Set(input.notifyStatuses)] }),
      ...(replyLink === undefined ? {} : { reply_link: replyLink }),
      updated_at: sql<Date>`now()`,
    })
    .where('project_id', '=', projectId)
    .execute();
  return projectMailSettings(db, projectId);
}

/** The link goes into every mail's HTML: http(s) only, no credentials. */
function checkLink(raw: string): string {
  const trimmed = raw.trim();
  if (!URL.canParse(trimmed)) throw new HttpError(400, 'invalid_body', 'replyLink must be an absolute http(s) URL');
  const url = new URL(trimmed);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpError(400, 'invalid_body', 'replyLink must be an http(s) URL');
  if (url.username || url.password) throw new HttpError(400, 'invalid_body', 'replyLink must not carry credentials');
  return url.toString();
}
