import { NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyRoutines } from '../../src/db/functions/index.js';
import { createMigrator, migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { openTestDatabase } from '../support/database.js';
import { dumpSchema } from '../support/schema-dump.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const tablesOf = async () =>
  (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_name not like 'kysely_%' order by 1`.execute(database.handle.db)
  ).rows.map((r) => r.name);

it('an empty database migrated from the first migration has the committed schema (schema.snapshot.txt)', async () => {
  // The file is the schema a reviewer reads: a migration or routine that changes it changes the
  // file in the same commit (`vitest -u` rewrites it; CI never does).
  await expect(await dumpSchema(database.handle.db)).toMatchFileSnapshot('./schema.snapshot.txt');
});

it('routines are applied once: nothing to do when their text is unchanged', async () => {
  expect(await applyRoutines(database.handle.db)).toEqual([]);
});

it('every migration goes down and up again, back to the same schema', async () => {
  const { db } = database.handle;
  const latest = await tablesOf();
  const schema = await dumpSchema(db);
  expect(latest).toContain('feedback');
  const migrator = createMigrator(db, database.schema);
  const down = await migrator.migrateTo(NO_MIGRATIONS);
  expect(down.error).toBeUndefined();
  expect(down.results?.map((r) => r.migrationName)).toEqual(Object.keys(migrations).reverse());
  expect(await tablesOf()).toEqual([]);
  await migrateToLatest(db, database.schema);
  expect(await tablesOf()).toEqual(latest);
  expect(await dumpSchema(db)).toBe(schema);
  // The write path is in place again.
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_proc
    where proname in ('feedloop_ingest', 'feedloop_aggregate') and pronamespace = current_schema()::regnamespace`.execute(db);
  expect(rows[0]!.n).toBe(2);
});
