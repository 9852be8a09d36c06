import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';

/**
 * What the host app's server computes to vouch for a signed-in user id:
 * hex HMAC-SHA256(key = hex SHA-256 of the project's secret key, message = userId).
 * Keyed by the hash because the service stores only that; any live secret key of the project
 * works (so a key rotation with overlap does not break signed-in users).
 */
export function computeUserHash(secretKey: string, userId: string): string {
  const key = createHash('sha256').update(secretKey).digest('hex');
  return createHmac('sha256', key).update(userId).digest('hex');
}

export interface Identity {
  anonymousId: string;
  /** Set only when vouched for by a valid userHash. */
  userId: string | null;
}

/** The identity a request may read: its anonymous id, plus its user id when the HMAC is valid. */
export async function identityOf(
  db: Kysely<Database>,
  projectId: string,
  input: { anonymousId: string; userId?: string | undefined; userHash?: string | undefined },
): Promise<Identity> {
  if (input.userId === undefined && input.userHash === undefined) return { anonymousId: input.anonymousId, userId: null };
  if (input.userId === undefined || input.userHash === undefined) {
    throw new HttpError(400, 'invalid_body', 'userId and userHash go together');
  }
  const keys = await db
    .selectFrom('api_keys')
    .select('key_hash')
    .where('project_id', '=', projectId)
    .where('kind', '=', 'secret')
    .where('revoked_at', 'is', null)
    .execute();
  const given = Buffer.from(input.userHash.toLowerCase(), 'hex');
  const valid = keys.some(({ key_hash }) => {
    const expected = createHmac('sha256', key_hash).update(input.userId!).digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) throw new HttpError(401, 'unauthorized', 'userHash does not vouch for this userId');
  return { anonymousId: input.anonymousId, userId: input.userId };
}
