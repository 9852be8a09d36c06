import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { ACTOR_HEADER } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { hashKey } from '../projects/keys.js';
import type { Actor } from './triage.js';

const ACTOR_PATTERN = /^[^\u0000-\u001f\u007f]{1,100}$/;

/**
 * The actor of a triage request: the name from the body or the x-feedloop-actor header (what the
 * dashboard or CLI says; not authenticated, the key is), and which secret key was used.
 */
export async function actorOf(db: Kysely<Database>, request: FastifyRequest, bodyActor: string | undefined): Promise<Actor> {
  const header = request.headers[ACTOR_HEADER];
  const name = bodyActor ?? (typeof header === 'string' ? decodeHeader(header) : undefined);
  if (name !== undefined && !ACTOR_PATTERN.test(name)) {
    throw new HttpError(400, 'invalid_body', `the actor must be 1–100 characters without control characters`);
  }
  const key = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  const row = key
    ? await db
        .selectFrom('api_keys')
        .select(['id', 'hint'])
        .where('project_id', '=', request.projectId)
        .where('key_hash', '=', hashKey(key))
        .executeTakeFirst()
    : undefined;
  return { name: name?.trim() || null, keyId: row?.id ?? null, keyHint: row?.hint ?? null };
}

/** Header values are Latin-1: the dashboard sends non-ASCII names percent-encoded. */
function decodeHeader(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
