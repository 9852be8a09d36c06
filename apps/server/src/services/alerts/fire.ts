import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { AlertEvent, AlertEvidence, AlertWebhookEvent } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { enqueueMail } from '../mail/outbox.js';
import type { StoredRule } from './rules.js';

/** What firing needs from the service: where links point, whether mail is on, the moment. */
export interface FireContext {
  /** FEEDLOOP_PUBLIC_URL (links); undefined: alerts carry no link. */
  publicUrl: string | undefined;
  /** Mail is on (FEEDLOOP_SMTP_URL, FEEDLOOP_MAIL_FROM, FEEDLOOP_PUBLIC_URL): otherwise no alert mail is queued. */
  mailOn: boolean;
  now: Date;
}

export interface Alert {
  subject: string;
  evidence: AlertEvidence;
  /** The dashboard's hash route. */
  route: string;
  /** The item a keyword alert quotes. */
  feedbackId?: string | null;
}

export function dashboardLink(publicUrl: string | undefined, route: string): string | null {
  return publicUrl ? `${publicUrl}/dashboard/${route}` : null;
}

/**
 * Records an alert and queues its deliveries, in the caller's transaction: a mail to each
 * subscriber who may still see the project (a member, or an instance admin; not disabled), and
 * an alert.fired delivery to the rule's webhook (the webhook dispatcher sends it, signed, in the
 * webhook's format). Resolves with the alert.
 */
export async function fireAlert(trx: Transaction<Database>, rule: StoredRule, alert: Alert, ctx: FireContext): Promise<AlertEvent> {
  const event: AlertEvent = {
    id: randomUUID(),
    ruleId: rule.id,
    ruleName: rule.name,
    kind: rule.kind,
    subject: alert.subject,
    firedAt: ctx.now.toISOString(),
    evidence: alert.evidence,
    link: dashboardLink(ctx.publicUrl, alert.route),
  };
  await trx
    .insertInto('alert_events')
    .values({
      project_id: rule.projectId,
      id: event.id,
      rule_id: rule.id,
      rule_name: rule.name,
      kind: rule.kind,
      subject: alert.subject,
      fired_at: ctx.now,
      evidence: JSON.stringify(alert.evidence),
      link: event.link,
      feedback_id: alert.feedbackId ?? null,
    })
    .execute();

  if (ctx.mailOn && rule.email) {
    const { rows } = await sql<{ user_id: string; email: string; locale: string | null }>`
      select u.id as user_id, u.email, s.locale
      from alert_subscriptions a
        join users u on u.id = a.user_id and not u.disabled
        left join member_mail_settings s on s.project_id = a.project_id and s.user_id = a.user_id
      where a.project_id = ${rule.projectId} and a.rule_id = ${rule.id}
        and (u.instance_admin or exists (select 1 from memberships m where m.project_id = a.project_id and m.user_id = a.user_id))`.execute(trx);
    for (const r of rows) {
      await enqueueMail(trx, rule.projectId, {
        kind: 'alert',
        recipient: r.email,
        locale: r.locale,
        feedbackId: alert.feedbackId ?? null,
        dedupeKey: `alert:${event.id}:${r.user_id}`,
        payload: { eventId: event.id, userId: r.user_id },
      });
    }
  }

  if (rule.webhookId !== null) {
    const payload: AlertWebhookEvent = { id: event.id, type: 'alert.fired', createdAt: event.firedAt, projectId: rule.projectId, data: { alert: event } };
    await sql`
      insert into webhook_deliveries (project_id, id, webhook_id, event, event_id, payload)
      select ${rule.projectId}, ${randomUUID()}, w.id, 'alert.fired', ${event.id}, ${JSON.stringify(payload)}::jsonb
      from webhooks w where w.project_id = ${rule.projectId} and w.id = ${rule.webhookId}`.execute(trx);
  }
  return event;
}
