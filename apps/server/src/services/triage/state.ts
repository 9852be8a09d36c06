import type { FeedbackStatus, TriageState } from '@feedloop/protocol';
import { FEEDBACK_ITEM_COLUMNS } from '../../db/feedback-item.js';
import type { FeedbackRow } from '../../db/schema.js';

/** The columns triage reads: the item's (for webhooks and the live stream) and the submitter notice's. */
export const TRIAGE_COLUMNS = [...FEEDBACK_ITEM_COLUMNS, 'notice_at', 'notice_seen_at'] as const;
export type TriageRow = Pick<FeedbackRow, (typeof TRIAGE_COLUMNS)[number]>;

const isoOrNull = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toTriageState(r: TriageRow): TriageState {
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
