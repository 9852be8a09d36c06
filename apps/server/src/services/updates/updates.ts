import { sql, type Kysely } from 'kysely';
import { MAX_EXCERPT_LENGTH, type FeedbackStatus, type SubmitterUpdate } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import type { Identity } from './identity.js';

const MAX_UPDATES = 20;

/** This browser's (or vouched user's) items: by anonymous id, or by user id when vouched for. */
function mine(identity: Identity) {
  return identity.userId === null
    ? sql<boolean>`anonymous_id = ${identity.anonymousId}`
    : sql<boolean>`(anonymous_id = ${identity.anonymousId} or (user_id is not null and user_id = ${identity.userId}))`;
}

/**
 * The submitter's items whose status or public reply changed since they last saw them. Only what
 * they may see: status, public reply, feature, an excerpt of their own comment.
 */
export async function unseenUpdates(db: Kysely<Database>, projectId: string, identity: Identity): Promise<SubmitterUpdate[]> {
  const { rows } = await sql<{
    id: string;
    feature: string;
    status: string;
    public_reply: string | null;
    excerpt: string | null;
    occurred_at: Date;
    notice_at: Date;
  }>`
    select id, feature, status, public_reply, left(comment, ${MAX_EXCERPT_LENGTH}) as excerpt, occurred_at, notice_at
    from feedback
    where project_id = ${projectId} and ${mine(identity)}
      and notice_at is not null and (notice_seen_at is null or notice_seen_at < notice_at)
    order by notice_at desc
    limit ${MAX_UPDATES}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    feature: r.feature,
    status: r.status as FeedbackStatus,
    publicReply: r.public_reply,
    excerpt: r.excerpt,
    submittedAt: new Date(r.occurred_at).toISOString(),
    updatedAt: new Date(r.notice_at).toISOString(),
  }));
}

/** Marks the submitter's own items seen; ids of others are ignored. */
export async function markSeen(db: Kysely<Database>, projectId: string, identity: Identity, ids: readonly string[]): Promise<number> {
  const result = await sql`
    update feedback set notice_seen_at = now()
    where project_id = ${projectId} and id = any(${ids.map((id) => id.toLowerCase())}::uuid[]) and ${mine(identity)}
      and notice_at is not null`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
