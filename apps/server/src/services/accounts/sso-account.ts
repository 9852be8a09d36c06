import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { OidcConfig } from '../../config.js';
import { HttpError } from '../../http-error.js';
import { recordAudit } from '../audit/audit.js';
import { createUser, findUserByEmail, normalizeEmail, type UserRow } from './users.js';

/**
 * The account of an email the identity provider has verified: the existing one, or, when the
 * email's domain is one the operator listed (just-in-time membership), a new one without a
 * password that joins the listed projects with the configured role. Undefined: no account.
 */
export async function accountForVerifiedEmail(
  db: Kysely<Database>,
  oidc: OidcConfig,
  email: string,
  displayName: string | undefined,
  clientAddress: string | null,
): Promise<UserRow | undefined> {
  const existing = await findUserByEmail(db, email);
  if (existing) return existing;
  const domain = normalizeEmail(email).split('@').pop() ?? '';
  if (!oidc.jitDomains.includes(domain)) return undefined;
  try {
    return await db.transaction().execute((trx) => createJitAccount(trx, oidc, email, displayName, clientAddress));
  } catch (error) {
    // Two first sign-ins at once: the other one created the account.
    if (error instanceof HttpError && error.code === 'conflict') return findUserByEmail(db, email);
    throw error;
  }
}

async function createJitAccount(
  trx: Kysely<Database>,
  oidc: OidcConfig,
  email: string,
  displayName: string | undefined,
  clientAddress: string | null,
): Promise<UserRow> {
  const user = await createUser(trx, { email, displayName: displayName?.slice(0, 100) });
  await recordAudit(trx, {
    principal: undefined,
    projectId: null,
    action: 'user.created',
    target: { type: 'user', id: user.id },
    changes: { email: user.email, method: 'sso' },
    clientAddress,
  });
  // Projects deleted since the operator listed them are skipped.
  const listed = oidc.jitProjects.filter(isUuid);
  const projects = listed.length ? await trx.selectFrom('projects').select('id').where('id', 'in', listed).execute() : [];
  for (const { id } of projects) {
    await trx.insertInto('memberships').values({ project_id: id, user_id: user.id, role: oidc.jitRole }).execute();
    await recordAudit(trx, {
      principal: undefined,
      projectId: id,
      action: 'member.added',
      target: { type: 'user', id: user.id },
      changes: { role: { from: null, to: oidc.jitRole }, method: 'sso' },
      clientAddress,
    });
  }
  return user;
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
