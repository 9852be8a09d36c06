import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CreateReleaseRequest, Release } from '@feedloop/protocol';
import type { Database, ReleasesTable } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';

type ReleaseRow = Pick<ReleasesTable, 'id' | 'version' | 'features' | 'notes'> & { released_at: Date | string };

function toRelease(row: ReleaseRow): Release {
  return {
    id: row.id,
    version: row.version,
    releasedAt: new Date(row.released_at).toISOString(),
    features: row.features,
    notes: row.notes,
  };
}

export async function createRelease(db: Kysely<Database>, projectId: string, input: CreateReleaseRequest): Promise<Release> {
  const row = await db
    .insertInto('releases')
    .values({
      project_id: projectId,
      id: randomUUID(),
      version: input.version,
      released_at: input.releasedAt ? new Date(input.releasedAt) : new Date(),
      features: [...new Set(input.features ?? [])],
      notes: input.notes ?? null,
    })
    .onConflict((oc) => oc.columns(['project_id', 'version']).doNothing())
    .returning(['id', 'version', 'released_at', 'features', 'notes'])
    .executeTakeFirst();
  if (!row) throw new HttpError(409, 'conflict', `release "${input.version}" already exists in this project`);
  return toRelease(row);
}

/** Newest first. */
export async function listReleases(db: Kysely<Database>, projectId: string): Promise<Release[]> {
  const rows = await db
    .selectFrom('releases')
    .select(['id', 'version', 'released_at', 'features', 'notes'])
    .where('project_id', '=', projectId)
    .orderBy('released_at', 'desc')
    .orderBy('version')
    .execute();
  return rows.map(toRelease);
}

export async function findRelease(db: Kysely<Database>, projectId: string, version: string): Promise<Release | undefined> {
  const row = await db
    .selectFrom('releases')
    .select(['id', 'version', 'released_at', 'features', 'notes'])
    .where('project_id', '=', projectId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row && toRelease(row);
}
