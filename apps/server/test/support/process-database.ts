import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';

/**
 * A database for service processes a test starts itself: a schema of its own on the server of
 * DATABASE_URL, or a PGlite data directory (which only one process can open at a time).
 */
export async function processDatabase(): Promise<{
  shared: boolean;
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `proc_${process.pid}_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`create schema "${schema}"`);
    await client.end();
    return {
      shared: true,
      env: { DATABASE_URL: url, FEEDLOOP_DB_SCHEMA: schema },
      open: () => openDatabase({ url, dataDir: '', schema, poolSize: 2 }),
      async drop() {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists "${schema}" cascade`);
        await c.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'feedloop-proc-'));
  return {
    shared: false,
    env: { DATABASE_URL: '', FEEDLOOP_DATA_DIR: join(dir, 'data') },
    open: () => openDatabase({ dataDir: join(dir, 'data') }),
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}
