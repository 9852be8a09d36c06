import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { createMigrator, migrateToLatest } from '../../src/db/migrate.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a schema of
 * its own on the PostgreSQL server named by DATABASE_URL, so concurrent runs never collide.
 * `upTo`: migrate only up to that migration (an older version's database, for upgrade tests).
 */
export async function openTestDatabase(upTo?: string): Promise<{ handle: DatabaseHandle; schema?: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  const migrate = async (handle: DatabaseHandle, schema?: string) => {
    if (upTo === undefined) await migrateToLatest(handle.db, schema);
    else {
      const result = await createMigrator(handle.db, schema).migrateTo(upTo);
      if (result.error) throw result.error;
    }
  };
  if (!url) {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrate(handle);
    return { handle, drop: () => handle.db.destroy() };
  }
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `create schema "${schema}"`);
  const handle = await openDatabase({ url, dataDir: '', schema, poolSize: 5 });
  await migrate(handle, schema);
  return {
    handle,
    schema,
    async drop() {
      await handle.db.destroy();
      await adminQuery(url, `drop schema if exists "${schema}" cascade`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
