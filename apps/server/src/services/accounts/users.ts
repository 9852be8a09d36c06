import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { UserInfo } from '@feedloop/protocol';
import type { Database, UsersTable } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { endSessionsOf } from './sessions.js';

export type UserRow = Selectable<UsersTable>;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function toUserInfo(r: UserRow): UserInfo {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    instanceAdmin: r.instance_admin,
    disabled: r.disabled,
    hasPassword: r.password_hash !== null,
    createdAt: new Date(r.created_at).toISOString(),
    lastSignInAt: r.last_sign_in_at === null ? null : new Date(r.last_sign_in_at).toISOString(),
  };
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findUser(db: Kysely<Database>, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A new account; `409 conflict` when the email is taken. */
export async function createUser(
  db: Kysely<Database>,
  input: { email: string; displayName?: string | undefined; instanceAdmin?: boolean | undefined; passwordHash?: string | null },
): Promise<UserRow> {
  const email = normalizeEmail(input.email);
  const row = await db
    .insertInto('users')
    .values({
      id: randomUUID(),
      email,
      display_name: input.displayName?.trim() || email.split('@')[0]!,
      password_hash: input.passwordHash ?? null,
      instance_admin: input.instanceAdmin ?? false,
      password_changed_at: input.passwordHash ? new Date() : null,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new HttpError(409, 'conflict', `a user with the email ${email} exists already`);
  return row;
}

export async function listUsers(db: Kysely<Database>): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

/** Changes a user; disabling one ends every session of theirs at once. */
export async function updateUser(
  db: Kysely<Database>,
  userId: string,
  changes: { displayName?: string | undefined; disabled?: boolean | undefined; instanceAdmin?: boolean | undefined },
): Promise<{ before: UserRow; after: UserRow } | undefined> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!before) return undefined;
    if (changes.displayName !== undefined && !changes.displayName.trim()) throw new HttpError(400, 'invalid_body', 'a display name cannot be blank');
    const set = {
      ...(changes.displayName !== undefined ? { display_name: changes.displayName.trim() } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      ...(changes.instanceAdmin !== undefined ? { instance_admin: changes.instanceAdmin } : {}),
    };
    // An empty change is no change (an UPDATE with nothing to set is not SQL).
    if (Object.keys(set).length === 0) return { before, after: before };
    const after = await trx
      .updateTable('users')
      .set(set)
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (after.disabled && !before.disabled) await endSessionsOf(trx, userId);
    return { before, after };
  });
}

/** Sets a password and ends every session of the user but `keepSessionId` (the one that changed it, if any). */
export async function setPassword(db: Kysely<Database>, userId: string, passwordHash: string, keepSessionId?: string): Promise<void> {
  const change = async (trx: Kysely<Database>) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: new Date() }).where('id', '=', userId).execute();
    await endSessionsOf(trx, userId, keepSessionId);
  };
  // Inside the caller's transaction (a reset link is used in one), else in its own.
  await (db.isTransaction ? change(db) : db.transaction().execute(change));
}
