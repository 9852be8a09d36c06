import type { Kysely, Selectable } from 'kysely';
import type { CompleteLinkRequest, LinkInfo, OneTimeLink, Role } from '@feedloop/protocol';
import type { Database, LinkKind, OneTimeLinksTable } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { hashPassword } from './passwords.js';
import { hashSecret, newSecret } from './secrets.js';
import { createUser, findUserByEmail, normalizeEmail, setPassword, type UserRow } from './users.js';

/**
 * One-time links: the set-up of the first instance admin, an invitation (to a project, or to
 * the instance), a password reset. Single use, short-lived, stored as the SHA-256 of the token.
 * The token travels in the URL's fragment (#), which browsers send to no server and no log.
 */
export const LINK_LIFETIME_MS: Record<LinkKind, number> = {
  setup: 24 * 3_600_000,
  invite: 7 * 24 * 3_600_000,
  reset: 3_600_000,
};

/** A new account's first password: a reset link that waits a day (the person may not be at their desk). */
export const NEW_ACCOUNT_LINK_MS = 24 * 3_600_000;

export interface LinkTarget {
  email?: string | null;
  userId?: string | null;
  projectId?: string | null;
  role?: Role | null;
  instanceAdmin?: boolean;
  createdBy?: string | null;
}

export function linkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/dashboard/#/link/${token}`;
}

export async function createLink(
  db: Kysely<Database>,
  kind: LinkKind,
  target: LinkTarget,
  baseUrl: string,
  lifetimeMs = LINK_LIFETIME_MS[kind],
): Promise<OneTimeLink> {
  const token = newSecret('fll_');
  const expiresAt = new Date(Date.now() + lifetimeMs);
  await db
    .insertInto('one_time_links')
    .values({
      token_hash: hashSecret(token),
      kind,
      email: target.email ? normalizeEmail(target.email) : null,
      user_id: target.userId ?? null,
      project_id: target.projectId ?? null,
      role: target.role ?? null,
      instance_admin: target.instanceAdmin ?? false,
      created_by: target.createdBy ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { url: linkUrl(baseUrl, token), expiresAt: expiresAt.toISOString() };
}

type LinkRow = Selectable<OneTimeLinksTable>;

async function liveLink(db: Kysely<Database>, token: string, forUpdate: boolean): Promise<LinkRow> {
  const row = await db
    .selectFrom('one_time_links')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .$if(forUpdate, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row || row.used_at !== null || new Date(row.expires_at).getTime() <= Date.now()) {
    throw new HttpError(400, 'invalid_link', 'this link is unknown, used or expired: ask for a new one');
  }
  return row;
}

/** What a link is for, shown before the person completes it. */
export async function inspectLink(db: Kysely<Database>, token: string): Promise<LinkInfo> {
  const row = await liveLink(db, token, false);
  const project = row.project_id ? await db.selectFrom('projects').select('name').where('id', '=', row.project_id).executeTakeFirst() : undefined;
  const email = row.email ?? (row.user_id ? (await db.selectFrom('users').select('email').where('id', '=', row.user_id).executeTakeFirst())?.email ?? null : null);
  return {
    kind: row.kind,
    email,
    projectName: project?.name ?? null,
    role: row.role,
    accountExists: row.user_id !== null || (row.email !== null && (await findUserByEmail(db, row.email)) !== undefined),
  };
}

/**
 * Uses a link once: set-up creates the first instance admin, an invitation creates the account
 * (and its membership), a reset sets the password (ending every session of the user). Returns the
 * user and whether to sign them in: not a disabled account, nor an account that existed before
 * its invitation was used (that one signs in with its own password).
 */
export async function completeLink(
  db: Kysely<Database>,
  token: string,
  input: CompleteLinkRequest,
): Promise<{ user: UserRow; kind: LinkKind; projectId: string | null; signIn: boolean }> {
  if (!input.password) throw new HttpError(400, 'invalid_body', 'choose a password');
  // A link that is no good costs no password hash: checked first, cheaply (and again, locked, below).
  await liveLink(db, token, false);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const link = await liveLink(trx, token, true);
    await trx.updateTable('one_time_links').set({ used_at: new Date() }).where('token_hash', '=', link.token_hash).execute();
    let user: UserRow;
    if (link.kind === 'reset') {
      await setPassword(trx, link.user_id!, passwordHash);
      user = (await trx.selectFrom('users').selectAll().where('id', '=', link.user_id!).executeTakeFirstOrThrow());
    } else {
      const email = link.email ?? input.email;
      if (!email) throw new HttpError(400, 'invalid_body', 'give the email address of the new account');
      // Invited, then given an account another way before using the invitation: the membership
      // joins that account; its password stays its own (the link proves the mailbox, not the account).
      const existing = link.kind === 'invite' ? await findUserByEmail(trx, email) : undefined;
      if (existing) {
        if (link.project_id && link.role) {
          await trx.insertInto('memberships').values({ project_id: link.project_id, user_id: existing.id, role: link.role }).onConflict((oc) => oc.doNothing()).execute();
        }
        return { user: existing, kind: link.kind, projectId: link.project_id, signIn: false };
      }
      if (link.kind === 'setup' && (await trx.selectFrom('users').select('id').limit(1).executeTakeFirst())) {
        throw new HttpError(400, 'invalid_link', 'this instance is set up already: sign in instead');
      }
      user = await createUser(trx, {
        email,
        displayName: input.displayName,
        instanceAdmin: link.kind === 'setup' || link.instance_admin,
        passwordHash,
      });
      if (link.project_id && link.role) {
        await trx.insertInto('memberships').values({ project_id: link.project_id, user_id: user.id, role: link.role }).execute();
      }
    }
    return { user, kind: link.kind, projectId: link.project_id, signIn: !user.disabled };
  });
}

/** Pending invitations of a project (for its members page). */
export async function pendingInvitations(db: Kysely<Database>, projectId: string) {
  return db
    .selectFrom('one_time_links')
    .select(['email', 'role', 'expires_at'])
    .where('project_id', '=', projectId)
    .where('kind', '=', 'invite')
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .execute();
}

/** Deletes links past their end or used (retention). */
export async function purgeLinks(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('one_time_links')
    .where((eb) => eb.or([eb('expires_at', '<=', new Date()), eb('used_at', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
