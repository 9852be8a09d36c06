import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { addressHint, hashAddress } from './address.js';
import { projectMailSettings } from './settings.js';

/**
 * One-click unsubscribe (RFC 8058), per project. The token in every mail's link is
 * project id (16 bytes) · HMAC(secret, address) (32) · a MAC of both (16), base64url: it names
 * the project and the address's hash, never the address, and only this service can make one.
 * The list keeps the hash: an unsubscribed address is matched, not stored.
 */
const MAC_BYTES = 16;

function mac(secret: string, projectId: string, hash: string): Buffer {
  return createHmac('sha256', secret).update(`unsubscribe\u0000${projectId}\u0000${hash}`).digest().subarray(0, MAC_BYTES);
}

export function unsubscribeToken(projectId: string, secret: string, address: string): string {
  const hash = hashAddress(secret, address);
  const id = Buffer.from(projectId.replaceAll('-', ''), 'hex');
  return Buffer.concat([id, Buffer.from(hash, 'hex'), mac(secret, projectId, hash)]).toString('base64url');
}

interface TokenParts {
  projectId: string;
  hash: string;
  mac: Buffer;
}

function readToken(token: string): TokenParts | undefined {
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 16 + 32 + MAC_BYTES) return undefined;
  const hex = bytes.subarray(0, 16).toString('hex');
  const projectId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { projectId, hash: bytes.subarray(16, 48).toString('hex'), mac: bytes.subarray(48) };
}

export interface Unsubscribed {
  projectId: string;
  projectName: string;
}

/** Checks a token: the project it names and that project's MAC; undefined when forged, cut or of a deleted project. */
export async function verifyUnsubscribeToken(db: Kysely<Database>, token: string): Promise<(TokenParts & Unsubscribed) | undefined> {
  const parts = readToken(token);
  if (!parts) return undefined;
  const row = await db
    .selectFrom('mail_settings')
    .innerJoin('projects', 'projects.id', 'mail_settings.project_id')
    .select(['mail_settings.secret', 'projects.name'])
    .where('mail_settings.project_id', '=', parts.projectId)
    .executeTakeFirst();
  if (!row) return undefined;
  const expected = mac(row.secret, parts.projectId, parts.hash);
  if (!timingSafeEqual(expected, parts.mac)) return undefined;
  return { ...parts, projectName: row.name };
}

/**
 * Puts the token's address on the project's list (again: no harm) and cancels the mail waiting
 * for it; undefined for a token this service did not make. The address is found among the
 * outbox's recipients (by its hash) for the list's hint and the cancellation.
 */
export async function unsubscribe(db: Kysely<Database>, token: string, source: 'one-click' | 'page'): Promise<Unsubscribed | undefined> {
  const verified = await verifyUnsubscribeToken(db, token);
  if (!verified) return undefined;
  await db.transaction().execute(async (trx) => {
    const { secret } = await projectMailSettings(trx, verified.projectId);
    const { rows } = await sql<{ recipient: string }>`
      select distinct recipient from mail_outbox where project_id = ${verified.projectId}`.execute(trx);
    const addresses = rows.map((r) => r.recipient).filter((r) => hashAddress(secret, r) === verified.hash);
    await trx
      .insertInto('mail_unsubscribes')
      .values({ project_id: verified.projectId, email_hash: verified.hash, hint: addresses[0] ? addressHint(addresses[0]) : '…', source })
      .onConflict((oc) => oc.columns(['project_id', 'email_hash']).doNothing())
      .execute();
    if (addresses.length > 0) {
      // Mail already waiting for that address is not sent (the worker checks again before sending).
      await trx
        .updateTable('mail_outbox')
        .set({ status: 'cancelled', last_error: 'unsubscribed', updated_at: sql<Date>`now()` })
        .where('project_id', '=', verified.projectId)
        .where('status', '=', 'pending')
        .where('recipient', 'in', addresses)
        .execute();
    }
  });
  return { projectId: verified.projectId, projectName: verified.projectName };
}

/** Of these addresses, the ones on the project's list. */
export async function unsubscribedAmong(
  db: Kysely<Database> | Transaction<Database>,
  projectId: string,
  secret: string,
  addresses: readonly string[],
): Promise<Set<string>> {
  if (addresses.length === 0) return new Set();
  const byHash = new Map(addresses.map((a) => [hashAddress(secret, a), a]));
  const rows = await db
    .selectFrom('mail_unsubscribes')
    .select('email_hash')
    .where('project_id', '=', projectId)
    .where('email_hash', 'in', [...byHash.keys()])
    .execute();
  return new Set(rows.map((r) => byHash.get(r.email_hash)!));
}

export async function listUnsubscribes(db: Kysely<Database>, projectId: string, limit = 500) {
  const rows = await db
    .selectFrom('mail_unsubscribes')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.email_hash.slice(0, 12), hint: r.hint, source: r.source, createdAt: new Date(r.created_at).toISOString() }));
}
