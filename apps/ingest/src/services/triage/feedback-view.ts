import type { FeedbackStatus, LoopFeedback, TriageState } from '@feedloop/protocol';
import type { FeedbackRow, NewFeedback } from '../../db/schema.js';
import { feedbackItemFields } from '../feedback-item.js';

/** The columns a LoopFeedback is made of. */
export const LOOP_COLUMNS = [
  'id', 'occurred_at', 'received_at', 'feature', 'rating_scale', 'rating_value', 'comment', 'category', 'status',
  'anonymous_id', 'user_id', 'session_id', 'url', 'experiments', 'app_version', 'locale', 'email', 'metadata',
  'public_reply', 'issue_url', 'tags', 'triaged_at', 'status_changed_at', 'notice_at', 'notice_seen_at',
] as const;
export type LoopRow = Pick<FeedbackRow, (typeof LOOP_COLUMNS)[number]>;

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** A stored row as webhooks and the live stream show it. */
export function toLoopFeedback(r: LoopRow): LoopFeedback {
  return {
    ...feedbackItemFields(r),
    occurredAt: iso(r.occurred_at),
  };
}

/** A row being inserted by ingest (jsonb columns still JSON text), as toLoopFeedback shows it. */
export function newToLoopFeedback(r: NewFeedback): LoopFeedback {
  return {
    id: r.id,
    occurredAt: iso(r.occurred_at),
    receivedAt: iso(r.received_at),
    feature: r.feature,
    rating: r.rating_scale == null || r.rating_value == null ? null : { scale: r.rating_scale, value: r.rating_value },
    comment: r.comment ?? null,
    category: r.category ?? null,
    status: r.status ?? 'new',
    anonymousId: r.anonymous_id,
    userId: r.user_id ?? null,
    sessionId: r.session_id ?? null,
    url: r.url ?? null,
    experiments: JSON.parse(r.experiments) as Record<string, string>,
    appVersion: r.app_version ?? null,
    locale: r.locale ?? null,
    email: r.email ?? null,
    metadata: r.metadata == null ? null : (JSON.parse(r.metadata) as Record<string, string | number | boolean>),
    publicReply: null,
    issueUrl: null,
    tags: [],
    triagedAt: null,
    statusChangedAt: null,
  };
}

export function toTriageState(r: LoopRow): TriageState {
  return {
    id: r.id,
    status: r.status as FeedbackStatus,
    publicReply: r.public_reply,
    issueUrl: r.issue_url,
    tags: r.tags,
    triagedAt: isoOrNull(r.triaged_at),
    statusChangedAt: isoOrNull(r.status_changed_at),
    submitterNotifiedAt: isoOrNull(r.notice_at),
    submitterSeenAt: isoOrNull(r.notice_seen_at),
  };
}
