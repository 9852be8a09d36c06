import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { generateKey, hashKey, keyHint, type KeyKind } from './keys.js';

export interface CreatedProject {
  projectId: string;
  publicKey: string;
  secretKey: string;
}

export async function createProject(
  db: Kysely<Database>,
  input: { name: string; allowedOrigins: string[] },
): Promise<CreatedProject> {
  const projectId = randomUUID();
  const publicKey = generateKey('public');
  const secretKey = generateKey('secret');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('projects')
      .values({ id: projectId, name: input.name, allowed_origins: input.allowedOrigins })
      .execute();
    await trx
      .insertInto('api_keys')
      .values([keyRow(projectId, 'public', publicKey), keyRow(projectId, 'secret', secretKey)])
      .execute();
  });
  return { projectId, publicKey, secretKey };
}

function keyRow(projectId: string, kind: KeyKind, key: string) {
  return {
    project_id: projectId,
    id: randomUUID(),
    kind,
    key_hash: hashKey(key),
    public_key: kind === 'public' ? key : null,
    hint: keyHint(key),
  };
}

export interface KeyOwner {
  projectId: string;
  kind: KeyKind;
  allowedOrigins: string[];
}

/** The project a live (not revoked) key belongs to. Looked up by hash: the key itself is never stored. */
export async function findKeyOwner(db: Kysely<Database>, key: string): Promise<KeyOwner | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('projects', 'projects.id', 'api_keys.project_id')
    .select(['api_keys.project_id', 'api_keys.kind', 'projects.allowed_origins'])
    .where('api_keys.key_hash', '=', hashKey(key))
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { projectId: row.project_id, kind: row.kind, allowedOrigins: row.allowed_origins };
}

export async function setAllowedOrigins(db: Kysely<Database>, projectId: string, origins: string[]): Promise<void> {
  await db.updateTable('projects').set({ allowed_origins: origins }).where('id', '=', projectId).execute();
}
