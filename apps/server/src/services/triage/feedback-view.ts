import type { FeedbackStatus, LoopFeedback, TriageState } from '@feedloop/protocol';
import type { FeedbackRow } from '../../db/schema.js';
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
