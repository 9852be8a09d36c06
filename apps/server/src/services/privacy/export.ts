import { sql, type Kysely } from 'kysely';
import type { ExportedExposure, PrivacyExport } from '@feedloop/protocol';
import { FEEDBACK_ITEM_COLUMNS } from '../../db/feedback-item.js';
import type { Database } from '../../db/schema.js';
import { feedbackItemFields } from '../feedback/item.js';
import { carriesIdentifier, type Subject } from './subject.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));
const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort();

/**
 * Everything stored about one person in one project (an access request), as one document:
 * their events (all of them, counted by the aggregator yet or not), the first sightings of their
 * anonymous ids, the triage history and submitter updates of their feedback, the webhook
 * deliveries whose payload carries it, and every identifier found beside the ones asked for.
 * Read in one snapshot. Aggregates hold no identifier and are not part of it.
 */
export async function exportSubject(db: Kysely<Database>, projectId: string, subject: Subject): Promise<PrivacyExport> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const feedback = await trx
      .selectFrom('feedback as f')
      .select(FEEDBACK_ITEM_COLUMNS.map((c) => `f.${c}` as const))
      .select(['f.notice_at', 'f.notice_seen_at'])
      .where('f.project_id', '=', projectId)
      .where(carriesIdentifier(subject, 'feedback', 'f'))
      .orderBy('f.occurred_at')
      .orderBy('f.id')
      .execute();
    const exposures = await trx
      .selectFrom('exposures as x')
      .selectAll('x')
      .where('x.project_id', '=', projectId)
      .where(carriesIdentifier(subject, 'exposures', 'x'))
      .orderBy('x.occurred_at')
      .orderBy('x.id')
      .execute();

    const promptEvents = await trx
      .selectFrom('prompt_events as p')
      .selectAll('p')
      .where('p.project_id', '=', projectId)
      .where(carriesIdentifier(subject, 'prompt_events', 'p'))
      .orderBy('p.occurred_at')
      .orderBy('p.id')
      .execute();

    const linkedAnonymousIds = distinct([
      ...feedback.map((f) => f.anonymous_id),
      ...exposures.map((x) => x.anonymous_id),
      ...promptEvents.map((p) => p.anonymous_id),
    ]);
    // Sightings outlive raw rows (retention): the anonymous id asked for is looked up even without events.
    const anonymousIds = distinct([...linkedAnonymousIds, subject.anonymousId ?? null]);
    const ids = feedback.map((f) => f.id);
    const emails = distinct([...feedback.map((f) => f.email?.trim().toLowerCase() ?? null), subject.email?.trim().toLowerCase() ?? null]);
    const [exposedUsers, feedbackUsers, history, deliveries, mails] = await Promise.all([
      anonymousIds.length === 0
        ? []
        : trx.selectFrom('exposed_users').select(['experiment', 'variant', 'anonymous_id', 'first_at'])
            .where('project_id', '=', projectId).where('anonymous_id', 'in', anonymousIds)
            .orderBy('first_at').orderBy('experiment').orderBy('variant').execute(),
      anonymousIds.length === 0
        ? []
        : trx.selectFrom('feedback_users').select(['experiment', 'variant', 'feature', 'anonymous_id', 'first_at'])
            .where('project_id', '=', projectId).where('anonymous_id', 'in', anonymousIds)
            .orderBy('first_at').orderBy('experiment').orderBy('variant').orderBy('feature').execute(),
      ids.length === 0
        ? []
        : trx.selectFrom('feedback_audit').select(['feedback_id', 'at', 'actor', 'changes'])
            .where('project_id', '=', projectId).where('feedback_id', 'in', ids)
            .orderBy('at').orderBy('id').execute(),
      ids.length === 0
        ? []
        : trx.selectFrom('webhook_deliveries')
            .select(['id', 'webhook_id', 'event', 'status', 'created_at', 'delivered_at', 'payload'])
            .where('project_id', '=', projectId)
            .where(sql<string>`payload #>> '{data,feedback,id}'`, 'in', ids)
            .orderBy('created_at').orderBy('id').execute(),
      ids.length === 0 && emails.length === 0
        ? []
        : trx.selectFrom('mail_outbox')
            .select(['id', 'kind', 'recipient', 'feedback_id', 'status', 'created_at', 'sent_at'])
            .where('project_id', '=', projectId)
            .where((eb) => eb.or([
              ...(ids.length === 0 ? [] : [eb('feedback_id', 'in', ids)]),
              ...(emails.length === 0 ? [] : [eb('recipient', 'in', emails)]),
            ]))
            .orderBy('created_at').orderBy('id').execute(),
    ]);

    return {
      format: 'feedloop.privacy-export.v1' as const,
      projectId,
      generatedAt: new Date().toISOString(),
      subject,
      feedback: feedback.map((f) => feedbackItemFields(f)),
      exposures: exposures.map(
        (x): ExportedExposure => ({
          id: x.id,
          occurredAt: iso(x.occurred_at),
          receivedAt: iso(x.received_at),
          experiment: x.experiment,
          variant: x.variant,
          anonymousId: x.anonymous_id,
          userId: x.user_id,
          sessionId: x.session_id,
          url: x.url,
          experiments: x.experiments,
          appVersion: x.app_version,
          locale: x.locale,
        }),
      ),
      firstSightings: {
        exposures: exposedUsers.map((u) => ({ experiment: u.experiment, variant: u.variant, anonymousId: u.anonymous_id, firstAt: iso(u.first_at) })),
        feedback: feedbackUsers.map((u) => ({
          experiment: u.experiment,
          variant: u.variant,
          feature: u.feature,
          anonymousId: u.anonymous_id,
          firstAt: iso(u.first_at),
        })),
      },
      triageHistory: history.map((h) => ({ feedbackId: h.feedback_id, at: iso(h.at), actor: h.actor, changes: h.changes })),
      submitterUpdates: feedback
        .filter((f) => f.notice_at !== null)
        .map((f) => ({
          feedbackId: f.id,
          status: f.status,
          publicReply: f.public_reply,
          noticeAt: iso(f.notice_at!),
          noticeSeenAt: isoOrNull(f.notice_seen_at),
        })),
      webhookDeliveries: deliveries.map((d) => ({
        id: d.id,
        webhookId: d.webhook_id,
        event: d.event,
        status: d.status,
        createdAt: iso(d.created_at),
        deliveredAt: isoOrNull(d.delivered_at),
        payload: d.payload,
      })),
      promptEvents: promptEvents.map((p) => ({
        id: p.id,
        type: p.type,
        promptId: p.prompt_id,
        feature: p.feature,
        occurredAt: iso(p.occurred_at),
        receivedAt: iso(p.received_at),
        anonymousId: p.anonymous_id,
        userId: p.user_id,
        sessionId: p.session_id,
        url: p.url,
        experiments: p.experiments,
      })),
      mails: mails.map((m) => ({
        id: m.id,
        kind: m.kind,
        recipient: m.recipient,
        feedbackId: m.feedback_id,
        status: m.status,
        createdAt: iso(m.created_at),
        sentAt: isoOrNull(m.sent_at),
      })),
      linkedIdentifiers: {
        userIds: distinct([...feedback.map((f) => f.user_id), ...exposures.map((x) => x.user_id), ...promptEvents.map((p) => p.user_id)]),
        anonymousIds: linkedAnonymousIds,
        emails: distinct(feedback.map((f) => f.email)),
      },
    };
  });
}
