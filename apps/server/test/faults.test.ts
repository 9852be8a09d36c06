import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { toRows } from '../src/services/events/to-rows.js';
import type { ValidEvent } from '../src/services/events/validate-event.js';
import { writeEvents } from '../src/services/events/write-events.js';
import { ADMIN_TOKEN } from './support/app.js';
import { Ledger } from './support/load.js';
import { privatePostgres } from './support/private-postgres.js';
import { processDatabase } from './support/process-database.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { expectBooksBalance } from './support/stored.js';

// Faults with real processes and a real database, under a small bounded load.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function createProject(base: string): Promise<{ projectId: string; publicKey: string }> {
  const response = await fetch(`${base}/v1/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Faults' }),
  });
  expect(response.status).toBe(201);
  return response.json() as Promise<{ projectId: string; publicKey: string }>;
}

async function start(env: Record<string, string>): Promise<ServiceProcess> {
  const service = await startServiceProcess({ FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN, FEEDLOOP_RATE_LIMIT_PER_MINUTE: '0', ...env });
  cleanups.push(async () => {
    service.child.kill('SIGKILL');
    await service.exited;
  });
  return service;
}

async function createProjectRow(db: Kysely<Database>): Promise<string> {
  const id = randomUUID();
  await db.insertInto('projects').values({ id, name: 'Durability' }).execute();
  return id;
}

function validFeedback(): ValidEvent {
  return {
    type: 'feedback',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    anonymousId: `u-${randomUUID()}`,
    feature: 'checkout',
    experiments: { onboarding: 'b' },
    rating: { scale: 'stars', value: 4 },
  } as ValidEvent;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Real processes on a shared 2-core machine: generous time limits (the load itself is bounded).
describe('process faults', { timeout: 90_000 }, () => {
  it('SIGTERM mid-load: stops accepting, commits what it acknowledged, exits 0', async () => {
    const database = await processDatabase();
    cleanups.push(() => database.drop());
    const service = await start(database.env);
    const { projectId, publicKey } = await createProject(service.base);
    const ledger = new Ledger(publicKey);

    let stop = false;
    const load = ledger.run(() => service.base, { clients: 8, batch: 5, maxBatches: 400, stop: () => stop });
    await sleep(700);
    service.child.kill('SIGTERM');
    const exit = await service.exited;
    stop = true;
    await load;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(ledger.acknowledged.size).toBeGreaterThan(0);

    const handle = await database.open();
    try {
      await expectBooksBalance(handle.db, projectId, ledger);
    } finally {
      await handle.db.destroy();
    }
  });

  it('SIGKILL mid-load, restart, clients retry: every acknowledged id stored, each once', async () => {
    const database = await processDatabase();
    cleanups.push(() => database.drop());
    let service = await start(database.env);
    const { projectId, publicKey } = await createProject(service.base);
    const ledger = new Ledger(publicKey);

    let stop = false;
    let base = service.base;
    const load = ledger.run(() => base, { clients: 8, batch: 5, maxBatches: 400, stop: () => stop });
    await sleep(700);
    service.child.kill('SIGKILL');
    await service.exited;
    stop = true;
    await load;
    const acknowledgedBeforeCrash = ledger.acknowledged.size;
    expect(acknowledgedBeforeCrash).toBeGreaterThan(0);

    service = await start(database.env);
    base = service.base;
    await ledger.retryPending(base);

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
    const handle = await database.open();
    try {
      await expectBooksBalance(handle.db, projectId, ledger);
      const { n } = await handle.db
        .selectFrom('feedback')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow();
      expect(Number(n)).toBe(ledger.acknowledged.size);
    } finally {
      await handle.db.destroy();
    }
  });

  it('two service processes on one database keep the same books as one', async (context) => {
    const database = await processDatabase();
    cleanups.push(() => database.drop());
    if (!database.shared) {
      context.skip('PGlite is a single-process database: this runs on PostgreSQL (DATABASE_URL)');
    }
    const one = await start(database.env);
    const two = await start(database.env);
    const { projectId, publicKey } = await createProject(one.base);
    const ledger = new Ledger(publicKey, ['shared-a', 'shared-b']);
    let turn = 0;
    // Alternate requests between the replicas, as a load balancer would.
    await ledger.run(() => (turn++ % 2 ? one.base : two.base), { clients: 8, batch: 5, maxBatches: 25, stop: () => false });
    expect(ledger.pending.size).toBe(0);
    // The same ids once more through the other replica: all duplicates.
    const again = [...ledger.acknowledged].slice(0, 20);
    const response = await fetch(`${one.base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-feedloop-key': publicKey },
      body: JSON.stringify({ events: again.map((id) => ({ ...ledger.newEvents(1)[0], id })) }),
    });
    expect(await response.json()).toMatchObject({ accepted: 0, duplicates: 20 });

    const handle = await database.open();
    try {
      await expectBooksBalance(handle.db, projectId, ledger);
      const counts = await handle.db
        .selectFrom('feature_daily')
        .select((eb) => eb.fn.sum<number>('count').as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow();
      expect(Number(counts.n)).toBe(8 * 25 * 5);
    } finally {
      await handle.db.destroy();
    }
  });
});

describe('database faults', { timeout: 90_000 }, () => {
  it('an acknowledged flush survives a crash of PostgreSQL right after it (synchronous commit)', async (context) => {
    const server = await privatePostgres();
    if (!server) context.skip('no PostgreSQL server binaries installed (apt-get install postgresql)');
    cleanups.push(() => server!.destroy());
    // Each round: one flush through the real write path, answered; then PostgreSQL is killed at
    // once. Its WAL writer waits 10 s here, so only the commit itself can have put it on disk.
    for (let round = 0; round < 3; round++) {
      const database = await openDatabase({ url: server!.url, dataDir: '', poolSize: 2 });
      await migrateToLatest(database.db);
      const project = (await database.db.selectFrom('projects').select('id').executeTakeFirst())?.id ?? (await createProjectRow(database.db));
      const events = Array.from({ length: 25 }, () => validFeedback());
      const rows = toRows(project, events, new Date());
      const { inserted } = await writeEvents(database.db, rows);
      expect(inserted.size).toBe(25);
      await server!.stop('immediate');
      await database.db.destroy().catch(() => {});
      await server!.start();
      const reopened = await openDatabase({ url: server!.url, dataDir: '', poolSize: 1 });
      const stored = await reopened.db.selectFrom('feedback').select('id').where('id', 'in', events.map((e) => e.id)).execute();
      expect(stored.length, `round ${round}`).toBe(25);
      await reopened.db.destroy();
    }
  });

  it('PostgreSQL restarted mid-load: 503 while it is down, recovers alone, books balance', async (context) => {
    const server = await privatePostgres();
    if (!server) context.skip('no PostgreSQL server binaries installed (apt-get install postgresql)');
    cleanups.push(() => server!.destroy());
    const service = await start({ DATABASE_URL: server!.url, FEEDLOOP_DB_SCHEMA: '' });
    const { projectId, publicKey } = await createProject(service.base);
    const ledger = new Ledger(publicKey);

    let stop = false;
    const load = ledger.run(() => service.base, { clients: 6, batch: 5, maxBatches: 2000, stop: () => stop });
    await sleep(500);
    await server!.stop('immediate');
    await sleep(1500);
    if (service.child.exitCode !== null) throw new Error(`service died:\n${service.output()}`);
    const whileDown = await fetch(`${service.base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-feedloop-key': publicKey },
      body: JSON.stringify({ events: ledger.newEvents(1) }),
    });
    expect(whileDown.status).toBe(503);
    expect((await whileDown.json()).code).toBe('database_unavailable');
    expect(whileDown.headers.get('retry-after')).toBeTruthy();
    expect((await fetch(`${service.base}/readyz`)).status).toBe(503);

    await server!.start();
    await sleep(1000);
    stop = true;
    await load;
    await ledger.retryPending(service.base);
    expect(ledger.statuses['503']).toBeGreaterThan(0);
    expect((await fetch(`${service.base}/readyz`)).status).toBe(200);

    const { openDatabase } = await import('../src/db/connect.js');
    const handle = await openDatabase({ url: server!.url, dataDir: '' });
    try {
      await expectBooksBalance(handle.db, projectId, ledger);
    } finally {
      await handle.db.destroy();
    }
  });
});
