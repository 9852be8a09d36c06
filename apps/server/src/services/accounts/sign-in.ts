import type { Kysely } from 'kysely';
import type { SignInRequest } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { recordAudit } from '../audit/audit.js';
import { verifyPassword } from './passwords.js';
import { createSession, type SessionLifetime } from './sessions.js';
import { blockedFor, clearFailures, recordFailure } from './throttle.js';
import { findUserByEmail, normalizeEmail } from './users.js';

export interface SignInContext {
  /** The full address: the throttle's key (hashed), never stored as such. */
  ip: string;
  clientAddress: string | null;
  userAgent: string | undefined;
  lifetime: SessionLifetime;
}

/**
 * Email and password to a new session. An unknown email costs the same password check as a
 * known one, and gets the same answer; a throttled account or address is refused before any
 * check. Every attempt is in the audit trail, with the account when it exists, never the password.
 */
export async function signIn(db: Kysely<Database>, input: SignInRequest, context: SignInContext) {
  const email = normalizeEmail(input.email);
  const wait = await blockedFor(db, email, context.ip);
  if (wait > 0) {
    throw new HttpError(429, 'rate_limited', `too many failed sign-ins: try again in ${wait} s`, { 'retry-after': String(wait) });
  }
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.password_hash, input.password);
  if (!ok || !user) {
    await recordFailure(db, email, context.ip);
    await recordAudit(db, {
      principal: undefined,
      projectId: null,
      action: 'session.sign_in_failed',
      target: user ? { type: 'user', id: user.id } : { type: 'user', id: null },
      changes: { reason: user ? 'wrong password' : 'unknown account' },
      clientAddress: context.clientAddress,
    });
    throw new HttpError(401, 'invalid_credentials', 'wrong email or password');
  }
  if (user.disabled) {
    await recordAudit(db, {
      principal: undefined,
      projectId: null,
      action: 'session.sign_in_failed',
      target: { type: 'user', id: user.id },
      changes: { reason: 'account disabled' },
      clientAddress: context.clientAddress,
    });
    throw new HttpError(403, 'account_disabled', 'this account is disabled: ask an admin');
  }
  await clearFailures(db, email);
  const session = await createSession(db, user.id, context.lifetime, { userAgent: context.userAgent, address: context.clientAddress });
  await recordAudit(db, {
    principal: { kind: 'user', userId: user.id, email: user.email, name: user.display_name, instanceAdmin: user.instance_admin, sessionId: session.sessionId },
    projectId: null,
    action: 'session.signed_in',
    changes: { method: 'password' },
    clientAddress: context.clientAddress,
  });
  return session;
}
