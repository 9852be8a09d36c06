import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionInfo } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { hashSecret, newSecret } from './secrets.js';

/**
 * Sessions are rows in PostgreSQL, so every replica sees a sign-out, a disabled user or a
 * password change at once. The cookie holds a random token; the table holds its SHA-256. A
 * session ends after `idleMs` without a request, and at `expires_at` whatever happens.
 */
export interface SessionLifetime {
  idleMs: number;
  absoluteMs: number;
}

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  instanceAdmin: boolean;
}

/** Writes last_seen_at at most this often: a request every second must not write every second. */
const TOUCH_EVERY_MS = 60_000;

export async function createSession(
  db: Kysely<Database>,
  userId: string,
  lifetime: SessionLifetime,
  client: { userAgent: string | undefined; address: string | null },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = newSecret('fls_');
  const sessionId = randomUUID();
  const expiresAt = new Date(Date.now() + lifetime.absoluteMs);
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      token_hash: hashSecret(token),
      user_id: userId,
      expires_at: expiresAt,
      user_agent: client.userAgent?.slice(0, 200) ?? null,
      client_address: client.address,
    })
    .execute();
  await db.updateTable('users').set({ last_sign_in_at: new Date() }).where('id', '=', userId).execute();
  return { token, sessionId, expiresAt };
}

/** The signed-in user of a live session token (and it is kept alive), or undefined. */
export async function findSession(db: Kysely<Database>, token: string, lifetime: SessionLifetime): Promise<SessionUser | undefined> {
  const now = Date.now();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.last_seen_at', 'sessions.expires_at', 'users.id as user_id', 'users.email', 'users.display_name', 'users.instance_admin', 'users.disabled'])
    .where('sessions.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.disabled) return undefined;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at).getTime() <= now || lastSeen + lifetime.idleMs <= now) {
    await db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return undefined;
  }
  if (now - lastSeen > TOUCH_EVERY_MS) await db.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id', '=', row.id).execute();
  return { sessionId: row.id, userId: row.user_id, email: row.email, name: row.display_name, instanceAdmin: row.instance_admin };
}

export async function endSession(db: Kysely<Database>, userId: string, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of a user (but one, when given). */
export async function endSessionsOf(db: Kysely<Database>, userId: string, keepSessionId?: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(keepSessionId !== undefined, (qb) => qb.where('id', '<>', keepSessionId!))
    .execute();
}

export async function listSessions(db: Kysely<Database>, userId: string, currentId: string, lifetime: SessionLifetime): Promise<SessionInfo[]> {
  const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('last_seen_at', 'desc').execute();
  const now = Date.now();
  return rows
    .filter((r) => new Date(r.expires_at).getTime() > now && new Date(r.last_seen_at).getTime() + lifetime.idleMs > now)
    .map((r) => ({
      id: r.id,
      createdAt: new Date(r.created_at).toISOString(),
      lastSeenAt: new Date(r.last_seen_at).toISOString(),
      expiresAt: new Date(Math.min(new Date(r.expires_at).getTime(), new Date(r.last_seen_at).getTime() + lifetime.idleMs)).toISOString(),
      userAgent: r.user_agent,
      clientAddress: r.client_address,
      current: r.id === currentId,
    }));
}

/** Deletes sessions past their end (retention). */
export async function purgeSessions(db: Kysely<Database>, lifetime: SessionLifetime): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', new Date()), eb('last_seen_at', '<=', new Date(Date.now() - lifetime.idleMs))]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
