import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApiToken, CreateTokenRequest } from '@feedloop/protocol';
import type { ApiTokensTable, Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import type { Principal } from '../accounts/principal.js';

/**
 * API tokens (scripts, CI, the CLI): named, scoped, optionally expiring, belonging to one
 * project. Shown once; the table keeps their SHA-256. Looked up on every request, with no cache,
 * so a revoked or expired token is refused on its next request by every replica.
 */
export const TOKEN_PREFIX = 'flt_';

/** Writes last_used_at at most this often per token. */
const TOUCH_EVERY_MS = 60_000;

function toApiToken(r: Selectable<ApiTokensTable>): ApiToken {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: r.id,
    name: r.name,
    hint: r.hint,
    scopes: r.scopes,
    expiresAt: iso(r.expires_at),
    createdAt: new Date(r.created_at).toISOString(),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  };
}

export async function createToken(db: Kysely<Database>, projectId: string, input: CreateTokenRequest, createdBy: string | null): Promise<{ token: string; info: ApiToken }> {
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= Date.now()) {
    throw new HttpError(400, 'invalid_body', 'expiresAt is in the past');
  }
  const token = newSecret(TOKEN_PREFIX);
  const row = await db
    .insertInto('api_tokens')
    .values({
      project_id: projectId,
      id: randomUUID(),
      name: input.name.trim(),
      token_hash: hashSecret(token),
      hint: `${token.slice(0, 8)}…`,
      scopes: input.scopes,
      expires_at: input.expiresAt === undefined ? null : new Date(input.expiresAt),
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, info: toApiToken(row) };
}

export async function listTokens(db: Kysely<Database>, projectId: string): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').execute();
  return rows.map(toApiToken);
}

/** Revokes a token at once; false when the project has no such live token. */
export async function revokeToken(db: Kysely<Database>, projectId: string, tokenId: string): Promise<ApiToken | undefined> {
  const row = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('project_id', '=', projectId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toApiToken(row);
}

/** The principal of a live token, or undefined (unknown, revoked, expired, or its project deleted). */
export async function authenticateToken(db: Kysely<Database>, token: string): Promise<Extract<Principal, { kind: 'token' }> | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['project_id', 'id', 'name', 'hint', 'scopes', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.revoked_at !== null || (row.expires_at !== null && new Date(row.expires_at).getTime() <= now)) return undefined;
  if (row.last_used_at === null || now - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date(now) }).where('project_id', '=', row.project_id).where('id', '=', row.id).execute();
  }
  return { kind: 'token', tokenId: row.id, projectId: row.project_id, name: row.name, hint: row.hint, scopes: row.scopes };
}
