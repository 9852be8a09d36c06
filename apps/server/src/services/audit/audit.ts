import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEvent, AuditQuery, AuditResponse } from '@feedloop/protocol';
import type { AuditLogTable, Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { actorOf, type Principal } from '../accounts/principal.js';

/** What one audit entry says: the actor comes from the authenticated principal, never from input. */
export interface AuditInput {
  principal: Principal | undefined;
  projectId: string | null;
  action: string;
  target?: { type: string; id: string | null } | undefined;
  /** What changed: names and values, never a password, a token or feedback text. */
  changes?: Record<string, unknown> | undefined;
  clientAddress: string | null;
}

/** Records one change; call it inside the transaction of the change where there is one. */
export async function recordAudit(db: Kysely<Database>, input: AuditInput): Promise<void> {
  const actor = actorOf(input.principal);
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      project_id: input.projectId,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
      action: input.action,
      target_type: input.target?.type ?? null,
      target_id: input.target?.id ?? null,
      changes: JSON.stringify(input.changes ?? {}),
      client_address: input.clientAddress,
    })
    .execute();
}

/** A project's audit trail (or the instance's, for projectId null), newest first, by keyset. */
export async function listAudit(db: Kysely<Database>, projectId: string | null, query: AuditQuery): Promise<AuditResponse> {
  const limit = query.limit ?? 100;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .select(sql<string>`to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'))
    .where((eb) => (projectId === null ? eb('project_id', 'is', null) : eb('project_id', '=', projectId)))
    .$if(query.action !== undefined, (qb) =>
      query.action!.endsWith('.') ? qb.where('action', 'like', `${query.action!.replace(/[\\%_]/g, '\\$&')}%`) : qb.where('action', '=', query.action!),
    )
    .$if(query.actorId !== undefined, (qb) => qb.where('actor_id', '=', query.actorId!))
    .$if(query.from !== undefined, (qb) => qb.where('at', '>=', new Date(query.from!)))
    .$if(query.to !== undefined, (qb) => qb.where('at', '<', new Date(query.to!)))
    .$if(after !== undefined, (qb) => qb.where(sql<boolean>`(at, id) < (${after!.at}::timestamptz, ${after!.id}::uuid)`))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(toAuditEvent),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify({ at: last.cursor_at, id: last.id })).toString('base64url') : null,
  };
}

function toAuditEvent(r: Selectable<AuditLogTable>): AuditEvent {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    target: r.target_type === null ? null : { type: r.target_type, id: r.target_id },
    changes: r.changes,
    clientAddress: r.client_address,
  };
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    if (typeof value.at === 'string' && typeof value.id === 'string' && !Number.isNaN(Date.parse(value.at)) && /^[0-9a-f-]{36}$/.test(value.id)) {
      return { at: value.at, id: value.id };
    }
  } catch {
    // fall through
  }
  throw new HttpError(400, 'invalid_query', 'cursor is not one this API gave');
}
