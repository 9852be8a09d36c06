import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PrivacySubject } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';

/** A person, by the identifiers an erasure or access request names (at least one). */
export type Subject = PrivacySubject;

/** The identifiers given, or 400 identifier_required. */
export function checkSubject(subject: Subject): Subject {
  const named: Subject = {};
  if (subject.userId !== undefined) named.userId = subject.userId;
  if (subject.anonymousId !== undefined) named.anonymousId = subject.anonymousId;
  if (subject.email !== undefined) named.email = subject.email;
  if (Object.keys(named).length === 0) {
    throw new HttpError(400, 'identifier_required', 'name the person: userId, anonymousId or email (any of them)');
  }
  return named;
}

/**
 * Whether a raw row of `table` (aliased) carries one of the person's identifiers; never null
 * (so that `not` of it keeps the rows carrying none). Only feedback carries an email.
 */
export function carriesIdentifier(subject: Subject, table: 'feedback' | 'exposures' | 'prompt_events', alias: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [];
  if (subject.userId !== undefined) parts.push(sql`${column('user_id')} = ${subject.userId}`);
  if (subject.anonymousId !== undefined) parts.push(sql`${column('anonymous_id')} = ${subject.anonymousId}`);
  if (subject.email !== undefined && table === 'feedback') parts.push(sql`lower(${column('email')}) = lower(${subject.email})`);
  if (parts.length === 0) return sql<boolean>`false`;
  return sql<boolean>`coalesce((${sql.join(parts, sql` or `)}), false)`;
}

const SALT = 'privacy_salt';

/** The instance's salt for identifier hashes: random, made on first use, kept in the database. */
async function privacySalt(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto('feedloop_secrets')
    .values({ name: SALT, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('feedloop_secrets').select('value').where('name', '=', SALT).executeTakeFirstOrThrow();
  return row.value;
}

/**
 * One `kind:hash` per identifier named: HMAC-SHA-256 keyed by the instance's salt, so that a
 * receipt can be matched to a later request for the same person by whoever holds the database
 * and the identifier, but the identifier cannot be read back nor guessed from a list offline
 * without the salt. Emails are hashed lower-cased, as they are compared.
 */
export async function identifierHashes(db: Kysely<Database>, subject: Subject): Promise<string[]> {
  const salt = await privacySalt(db);
  const hash = (value: string) => createHmac('sha256', salt).update(value).digest('hex');
  const out: string[] = [];
  if (subject.userId !== undefined) out.push(`userId:${hash(`userId:${subject.userId}`)}`);
  if (subject.anonymousId !== undefined) out.push(`anonymousId:${hash(`anonymousId:${subject.anonymousId}`)}`);
  if (subject.email !== undefined) out.push(`email:${hash(`email:${subject.email.toLowerCase()}`)}`);
  return out;
}
