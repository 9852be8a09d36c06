// Migrations work on the untyped database: the schema they build is what Database describes.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { applyRoutines } from './functions/index.js';
import { migrations } from './migrations/index.js';

/**
 * `schema`: where the migration bookkeeping tables live when the app works in a schema of its
 * own. It must be named: Kysely looks for those tables across all schemas otherwise, and would
 * take another schema's for its own.
 */
export function createMigrator(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * Brings the schema to the latest version, then the routines (db/functions) to today's text;
 * throws with the failing migration's name.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<MigrationResultSet> {
  const result = await createMigrator(db, schema).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: result.error });
  }
  await applyRoutines(db);
  return result;
}

/** Names of the migrations not applied yet (empty when the schema is current). */
export async function pendingMigrations(db: Kysely<any>, schema?: string): Promise<string[]> {
  const all = await createMigrator(db, schema).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
