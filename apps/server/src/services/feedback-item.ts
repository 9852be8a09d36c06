import type { FeedbackRow } from '../db/schema.js';

type ItemColumns = Pick<
  FeedbackRow,
  | 'id' | 'received_at' | 'feature' | 'rating_scale' | 'rating_value' | 'comment' | 'category' | 'status'
  | 'anonymous_id' | 'user_id' | 'session_id' | 'url' | 'experiments' | 'app_version' | 'locale' | 'email' | 'metadata'
  | 'public_reply' | 'issue_url' | 'tags' | 'triaged_at' | 'status_changed_at'
>;

const isoOrNull = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * A stored feedback row's fields as every API shows them (the list, exports, webhooks, the live
 * stream); each caller adds its own occurredAt precision and extra fields.
 */
export function feedbackItemFields(r: ItemColumns) {
  return {
    id: r.id,
    receivedAt: new Date(r.received_at).toISOString(),
    feature: r.feature,
    rating: r.rating_scale === null || r.rating_value === null ? null : { scale: r.rating_scale, value: r.rating_value },
    comment: r.comment,
    category: r.category,
    status: r.status,
    anonymousId: r.anonymous_id,
    userId: r.user_id,
    sessionId: r.session_id,
    url: r.url,
    experiments: r.experiments,
    appVersion: r.app_version,
    locale: r.locale,
    email: r.email,
    metadata: r.metadata,
    publicReply: r.public_reply,
    issueUrl: r.issue_url,
    tags: r.tags,
    triagedAt: isoOrNull(r.triaged_at),
    statusChangedAt: isoOrNull(r.status_changed_at),
  };
}
