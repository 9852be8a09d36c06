#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { createLink } from './services/accounts/links.js';
import { countUsers } from './services/accounts/users.js';
import { ensureDemoProject } from './services/projects/demo.js';

/** Starts the service: config, database and migrations, demo project, HTTP, graceful shutdown. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`feedloop: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }

  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    schema: config.dbSchema,
    poolSize: config.dbPoolSize,
  });
  await migrateToLatest(database.db, config.dbSchema);

  if (!config.databaseUrl && !config.adminToken) config.adminToken = await localAdminToken(config.dataDir);

  const demo = config.demo
    ? await ensureDemoProject(database.db, config.dataDir, demoOrigins(config))
    : undefined;

  const app = await buildApp({ config, database, demoPublicKey: demo?.project.publicKey });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  const address = new URL(await app.listen({ port: config.port, host: config.host }));
  const base = config.publicUrl ?? `http://${displayHost(config.host)}:${address.port}`;

  const lines = [
    '',
    `  Feedloop is running at ${base}`,
    `  Database: ${database.driver === 'pglite' ? `embedded PGlite in ${resolve(config.dataDir)}` : database.location}`,
  ];
  if (demo) {
    lines.push(
      `  Demo page:  ${base}/demo/`,
      `  Public key: ${demo.project.publicKey}   (embed in pages; can only send events)`,
      `  Secret key: ${demo.project.secretKey}   (reads the data; keep it private)`,
      `  Try:        curl -H "Authorization: Bearer ${demo.project.secretKey}" ${base}/v1/features`,
    );
  }
  if (!config.databaseUrl) {
    lines.push(`  Admin token: ${join(resolve(config.dataDir), 'admin-token')} (used by: pnpm feedloop project create …)`);
  }
  // No account yet: a one-time link makes the first instance admin (or: pnpm feedloop user create --admin).
  if ((await countUsers(database.db)) === 0) {
    const link = await createLink(database.db, 'setup', {}, base);
    lines.push(`  Set up the first admin account (one-time link, 24 h): ${link.url}`);
  } else {
    lines.push(`  Dashboard:  ${base}/dashboard/`);
  }
  console.log(lines.join('\n') + '\n');
}

/** With the embedded database, the admin token is made once and kept beside the data. */
async function localAdminToken(dataDir: string): Promise<string> {
  const file = join(dataDir, 'admin-token');
  const existing = await readFile(file, 'utf8').then((t) => t.trim(), () => '');
  if (existing.length >= 16) return existing;
  const token = randomBytes(32).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, token + '\n', { mode: 0o600 });
  return token;
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '127.0.0.1' ? 'localhost' : host;
}

function demoOrigins(config: Config): string[] {
  const origins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
  if (config.publicUrl) origins.push(new URL(config.publicUrl).origin);
  return origins;
}

main().catch((error: unknown) => {
  console.error('feedloop: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
