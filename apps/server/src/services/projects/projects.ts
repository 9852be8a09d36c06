import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { scrubberFor, type Scrubber } from '../events/scrub/index.js';
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
  keyId: string;
  hint: string;
  projectId: string;
  kind: KeyKind;
  allowedOrigins: string[];
  /** The project's privacy settings, compiled: ingest scrubs with them, read with the key (cached with it). */
  scrubber: Scrubber;
}

/** The project a live (not revoked) key belongs to. Looked up by hash: the key itself is never stored. */
export async function findKeyOwner(db: Kysely<Database>, key: string): Promise<KeyOwner | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('projects', 'projects.id', 'api_keys.project_id')
    .select(['api_keys.id', 'api_keys.hint', 'api_keys.project_id', 'api_keys.kind', 'projects.allowed_origins', 'projects.privacy'])
    .where('api_keys.key_hash', '=', hashKey(key))
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  return (
    row && {
      keyId: row.id,
      hint: row.hint,
      projectId: row.project_id,
      kind: row.kind,
      allowedOrigins: row.allowed_origins,
      scrubber: scrubberFor(row.privacy),
    }
  );
}

export async function setAllowedOrigins(db: Kysely<Database>, projectId: string, origins: string[]): Promise<void> {
  await db.updateTable('projects').set({ allowed_origins: origins }).where('id', '=', projectId).execute();
}

/** A new live key of the given kind; older keys stay live until revoked (rotation with overlap). */
export async function addKey(db: Kysely<Database>, projectId: string, kind: KeyKind): Promise<{ id: string; key: string }> {
  const key = generateKey(kind);
  const row = keyRow(projectId, kind, key);
  await db.insertInto('api_keys').values(row).execute();
  return { id: row.id, key };
}

/** Revokes a key; true if it was live. */
export async function revokeKey(db: Kysely<Database>, projectId: string, keyId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('project_id', '=', projectId)
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listKeys(db: Kysely<Database>, projectId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'kind', 'hint', 'public_key', 'created_at', 'revoked_at'])
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .execute();
}

export async function findProject(db: Kysely<Database>, projectId: string) {
  return db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
}

export function projectNotFound(projectId: string): HttpError {
  return new HttpError(404, 'not_found', `no project ${projectId}`);
}

/** The project, or a 404. */
export async function mustFindProject(db: Kysely<Database>, projectId: string) {
  const project = await findProject(db, projectId);
  if (!project) throw projectNotFound(projectId);
  return project;
}

export async function updateProject(
  db: Kysely<Database>,
  projectId: string,
  changes: { name?: string | undefined; allowedOrigins?: string[] | undefined },
): Promise<boolean> {
  const set = {
    ...(changes.name === undefined ? {} : { name: changes.name }),
    ...(changes.allowedOrigins === undefined ? {} : { allowed_origins: changes.allowedOrigins }),
  };
  if (Object.keys(set).length === 0) return (await findProject(db, projectId)) !== undefined;
  const result = await db.updateTable('projects').set(set).where('id', '=', projectId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Tables holding a project's data but no foreign key to it (events, rollups and the loop are
 * keyed by project first, for distribution, and carry no reference); the rest go by cascade.
 */
const PROJECT_DATA_TABLES = [
  'feedback', 'exposures', 'feature_daily', 'variant_feature_daily', 'variant_daily', 'exposed_users', 'feedback_users',
  'releases', 'feedback_audit', 'webhook_attempts', 'webhook_deliveries', 'prompt_events',
] as const satisfies readonly (keyof Database)[];

/** Deletes a project and everything of it, in one transaction; false when there is no such project. */
export async function deleteProject(db: Kysely<Database>, projectId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    for (const table of PROJECT_DATA_TABLES) await trx.deleteFrom(table).where('project_id', '=', projectId).execute();
    const result = await trx.deleteFrom('projects').where('id', '=', projectId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}
