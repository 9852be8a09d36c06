import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data directory, or 'memory://' for a throwaway in-memory database. */
  dataDir: string;
  /** Schema to work in (tests give each run its own); defaults to the server's search_path. */
  schema?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number | undefined;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  driver: 'postgres' | 'pglite';
  /** Human-readable location, without credentials. */
  location: string;
  /** PostgreSQL pool (absent with PGlite): exposed for pool metrics. */
  pool?: pg.Pool;
  /** The embedded database (absent with PostgreSQL): its LISTEN feeds the live stream. */
  pglite?: { listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> };
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

/** int8 and numeric as JS numbers, dates as 'YYYY-MM-DD' strings: the same on both drivers. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    if (oid === DATE_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
};

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Fail fast while the server is down: the request gets 503 and its client retries.
      connectionTimeoutMillis: 3000,
      types: pgTypes as pg.CustomTypesConfig,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // A client that loses its server (restart, failover) must not crash the process: the query
    // in flight fails (503 to its request) and the pool replaces the client. pg emits 'error' on
    // idle clients through the pool and on checked-out clients on the client itself.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, driver: 'postgres', location: redact(options.url), pool };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir, {
    parsers: {
      [INT8_OID]: (v: string) => Number(v),
      [NUMERIC_OID]: (v: string) => Number(v),
      [DATE_OID]: (v: string) => v,
    },
  });
  if (options.schema) {
    await client.exec(`create schema if not exists "${options.schema}"; set search_path to "${options.schema}"`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, driver: 'pglite', location: options.dataDir, pglite: client };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
