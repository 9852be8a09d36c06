import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AuditEntry, BulkUpdateResponse, TriageChanges, TriageResponse } from '@feedloop/protocol';
import { MAX_TAGS } from '@feedloop/protocol';
import { columnList, unnestRows, type BulkColumn } from '../../db/bulk.js';
import type { Database } from '../../db/schema.js';
import { actorOf, type Principal } from '../accounts/principal.js';
import { recordAudit } from '../audit/audit.js';
import { enqueueSubmitterUpdates } from '../mail/outbox.js';
import { enqueueFeedbackUpdated } from '../webhooks/enqueue.js';
import { applyChanges, cleanChanges, isNotice, type Diff, type ItemState } from './changes.js';
import { toLoopFeedback } from '../feedback/item.js';
import { TRIAGE_COLUMNS, toTriageState } from './state.js';

/** Who changes, as authenticated (plugins/app/auth.ts), and from which network. */
export interface Actor {
  principal: Principal | undefined;
  clientAddress: string | null;
}

interface Change {
  id: string;
  after: ItemState;
  diff: Diff;
  notice: boolean;
}

const UPDATE_COLUMNS: readonly BulkColumn<Change>[] = [
  { name: 'id', type: 'uuid', value: (c) => c.id },
  { name: 'status', type: 'text', value: (c) => c.after.status },
  { name: 'public_reply', type: 'text', value: (c) => c.after.public_reply },
  { name: 'issue_url', type: 'text', value: (c) => c.after.issue_url },
  // text[] cannot nest in unnest(): the tags travel as a JSON array.
  { name: 'tags', type: 'jsonb', value: (c) => c.after.tags },
  { name: 'status_changed', type: 'text', value: (c) => String(c.diff.status !== undefined) },
  { name: 'notice', type: 'text', value: (c) => String(c.notice) },
];

interface AuditRow {
  id: string;
  feedback_id: string;
  changes: Diff;
}

const AUDIT_COLUMNS: readonly BulkColumn<AuditRow>[] = [
  { name: 'id', type: 'uuid', value: (a) => a.id },
  { name: 'feedback_id', type: 'uuid', value: (a) => a.feedback_id },
  { name: 'changes', type: 'jsonb', value: (a) => a.changes },
];

/**
 * Applies the same changes to items of one project, in one transaction: rows locked in id order
 * (concurrent bulk edits wait instead of deadlocking), only real changes written, each one
 * recorded in the audit trail, announced on the live stream and queued for feedback.updated
 * webhooks. Ids of other projects are simply not found.
 */
export async function triage(
  db: Kysely<Database>,
  projectId: string,
  ids: readonly string[],
  input: TriageChanges,
  actor: Actor,
  /** When mail is on: the submitters hear back (services/mail/outbox.ts), changes within coalesceMs in one mail. */
  mail?: { coalesceMs: number },
): Promise<BulkUpdateResponse> {
  const changes = cleanChanges(input);
  const who = actorOf(actor.principal);
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  const principal = actor.principal;
  const keyId = principal?.kind === 'key' ? principal.keyId : null;
  const keyHint = principal?.kind === 'key' ? principal.hint : null;
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('feedback')
      .select(['id', 'status', 'public_reply', 'issue_url', 'tags'])
      .where('project_id', '=', projectId)
      .where('id', 'in', wanted)
      .orderBy('id')
      .forUpdate()
      .execute();

    const changed: Change[] = [];
    for (const row of current) {
      const { after, diff } = applyChanges(row, changes, MAX_TAGS);
      if (Object.keys(diff).length > 0) changed.push({ id: row.id, after, diff, notice: isNotice(diff, after) });
    }

    if (changed.length > 0) {
      await sql`
        update feedback f set
          status = v.status,
          public_reply = v.public_reply,
          issue_url = v.issue_url,
          tags = array(select jsonb_array_elements_text(v.tags)),
          triaged_at = now(),
          status_changed_at = case when v.status_changed = 'true' then now() else f.status_changed_at end,
          notice_at = case when v.notice = 'true' then now() else f.notice_at end
        from (${unnestRows(UPDATE_COLUMNS, changed)}) as v
        where f.project_id = ${projectId} and f.id = v.id`.execute(trx);
      const audit = changed.map((c) => ({ id: randomUUID(), feedback_id: c.id, changes: c.diff }));
      await sql`
        insert into feedback_audit (project_id, actor, actor_type, actor_id, key_id, key_hint, id, feedback_id, changes)
        select ${projectId}::uuid, ${who.label}::text, ${who.type}::text, ${who.id}::text, ${keyId}::uuid, ${keyHint}::text, a.*
        from (${unnestRows(AUDIT_COLUMNS, audit)}) as a`.execute(trx);
      // The project's audit trail: which items, which fields; the values stay in the item's history.
      await recordAudit(trx, {
        principal: actor.principal,
        projectId,
        action: 'feedback.triaged',
        target: changed.length === 1 ? { type: 'feedback', id: changed[0]!.id } : { type: 'feedback', id: null },
        changes: { items: changed.length, fields: [...new Set(changed.flatMap((c) => Object.keys(c.diff)))].sort() },
        clientAddress: actor.clientAddress,
      });
      if (mail) {
        const told = changed.map((c) => ({
          id: c.id,
          statusChanged: c.diff.status !== undefined,
          status: c.after.status,
          replyChanged: c.diff.publicReply !== undefined,
          reply: c.after.public_reply,
        }));
        await enqueueSubmitterUpdates(trx, projectId, told, mail.coalesceMs);
      }
    }

    const rows = current.length === 0 ? [] : await trx
      .selectFrom('feedback')
      .select(TRIAGE_COLUMNS)
      .where('project_id', '=', projectId)
      .where('id', 'in', current.map((r) => r.id))
      .orderBy('id')
      .execute();
    const diffs = new Map(changed.map((c) => [c.id, c.diff]));
    await enqueueFeedbackUpdated(
      trx,
      projectId,
      rows.filter((r) => diffs.has(r.id)).map((r) => ({ feedback: toLoopFeedback(r), changes: diffs.get(r.id)! })),
      who.label,
    );
    const found = new Set(current.map((r) => r.id));
    return {
      updated: changed.length,
      unchanged: current.length - changed.length,
      notFound: wanted.filter((id) => !found.has(id)),
      items: rows.map(toTriageState),
    };
  });
}

/** An item's triage state and its audit trail (oldest first); undefined if not in this project. */
export async function triageOf(db: Kysely<Database>, projectId: string, id: string): Promise<TriageResponse | undefined> {
  const row = await db
    .selectFrom('feedback')
    .select(TRIAGE_COLUMNS)
    .where('project_id', '=', projectId)
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  const audit = await db
    .selectFrom('feedback_audit')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('feedback_id', '=', row.id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return {
    ...toTriageState(row),
    audit: audit.map(
      (a): AuditEntry => ({
        id: a.id,
        feedbackId: a.feedback_id,
        at: new Date(a.at).toISOString(),
        actor: a.actor,
        actorType: a.actor_type,
        actorId: a.actor_id,
        keyId: a.key_id,
        keyHint: a.key_hint,
        changes: a.changes,
      }),
    ),
  };
}
