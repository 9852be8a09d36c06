import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { readFreshness } from '../src/services/rollups/freshness.js';
import { aggregatePass } from '../src/services/rollups/aggregator.js';
import { verifyAggregates } from '../src/services/rollups/verify.js';
import { ADMIN_TOKEN, exposureEvent, feedbackEvent, startTestApp } from './support/app.js';
import { expectAggregatesExact, readWatermark, waitCaughtUp, waitFreshOverHttp } from './support/aggregation-state.js';
import { MixedLedger } from './support/mixed-ledger.js';
import { watchPasses } from './support/pass-watch.js';
import { privatePostgres } from './support/private-postgres.js';
import { processDatabase } from './support/process-database.js';
import { cpuSeconds } from './support/process-cpu.js';
import { addWebhook, createProject, metric } from './support/process-project.js';
import { startAnnouncingPasses } from './support/announced-passes.js';
import { send } from './support/query.js';
import { seededRandom, testSeed } from './support/seeded-random.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { runVerifyAggregates } from './support/verify-command.js';
import { aggregated } from './support/verify.js';

// The aggregator under faults (issue 12): real service processes on a real database, killed,
// restarted and run side by side. Each test ends with the books: every acknowledged event stored
// once, and every rollup, first sighting and outbox entry equal to a recount of the raw rows.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Every process: the operator's token, no rate limit, webhooks to the test's closed port. */
const SERVICE_ENV = { FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN, FEEDLOOP_RATE_LIMIT_PER_MINUTE: '0', FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'true' };

async function start(env: Record<string, string>): Promise<ServiceProcess> {
  const service = await startServiceProcess({ ...SERVICE_ENV, ...env });
  cleanups.push(async () => {
    service.child.kill('SIGKILL');
    await service.exited;
  });
  return service;
}

async function kill(service: ServiceProcess): Promise<void> {
  service.child.kill('SIGKILL');
  expect((await service.exited).signal).toBe('SIGKILL');
}

async function stop(service: ServiceProcess): Promise<void> {
  service.child.kill('SIGTERM');
  expect(await service.exited).toEqual({ code: 0, signal: null });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` (bounded) until it gives a value `done` accepts. */
async function until<T>(what: string, timeoutMs: number, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await sleep(50);
  }
}

/** A client's retry queue: everything not acknowledged, sent again (50 per request) until it is. */
async function retryAll(ledger: MixedLedger, base: string): Promise<void> {
  await ledger.retryPending(base, 50 + Math.ceil(ledger.pending.size / 50));
}

/** `feedloop verify-aggregates` itself finds nothing to report. */
async function expectVerifyCommandClean(env: Record<string, string>, projectId: string): Promise<void> {
  const { code, result } = await runVerifyAggregates(env, projectId);
  expect(result.differences).toEqual([]);
  expect(code).toBe(0);
}

const DAY = 86_400_000;

describe('the aggregator killed in the middle of a pass', { timeout: 120_000 }, () => {
  it('SIGKILL mid-pass (PostgreSQL): with its connection, nothing of the pass counts; orphaned, it ends alone and the next leader waits for it', async (context) => {
    const database = await processDatabase();
    cleanups.push(() => database.drop());
    if (!database.shared) {
      context.skip('holding a pass in the middle takes another session on its database: PostgreSQL (DATABASE_URL); PGlite runs the next test');
    }
    // Only stores events: nothing aggregates while a backlog builds.
    const ingest = await start({ ...database.env, FEEDLOOP_AGGREGATOR: 'false' });
    const { projectId, publicKey } = await createProject(ingest.base);
    await addWebhook(ingest.base, projectId);
    const ledger = new MixedLedger(publicKey, seededRandom(12));
    const handle = await database.open();
    cleanups.push(() => handle.db.destroy());
    const watch = await watchPasses(database.env.DATABASE_URL!, database.env.FEEDLOOP_DB_SCHEMA);
    cleanups.push(() => watch.close());

    // An earlier pass left rollup rows for every feature, today and yesterday: rows to hold a pass on.
    expect(await ledger.send(ingest.base, ledger.everyFeatureRecently())).toBe(true);
    while ((await aggregatePass(handle.db, 1000)).more);

    // 1. Killed with its connection (a crash of its host): the pass rolls back entirely.
    await ledger.run(() => ingest.base, { clients: 4, batch: 50, maxBatches: 20, stop: () => false });
    expect(await watch.holdRollups(projectId)).toBeGreaterThan(0);
    const before = await readWatermark(handle.db);
    const sightingsBefore = await firstSightings(handle.db, projectId);
    let aggregating = await start(database.env);
    const pass = await watch.passWaitingFor();
    // Its first sightings are written by now (uncommitted): the pass waits at its rollups.
    await kill(aggregating);
    // A killed process's statement runs on until the server next writes to it: end it as the
    // crash of a machine would.
    await watch.terminate(pass);
    await watch.release();
    expect(await readWatermark(handle.db)).toEqual(before);
    expect(await firstSightings(handle.db, projectId)).toEqual(sightingsBefore);
    const atWatermark = await verifyAggregates(handle.db, { projectId });
    expect(atWatermark.differences).toEqual([]);

    // A new process catches up alone.
    aggregating = await start(database.env);
    await waitCaughtUp(handle.db, 30_000);
    expect((await readWatermark(handle.db)).lastSeq).toBeGreaterThan(before.lastSeq);

    // 2. Killed alone: PostgreSQL runs its orphaned pass on. Leadership went with the process's
    //    connection, so the next process leads at once; its pass waits for the orphan on the
    //    watermark row, then starts from wherever the orphan left the watermark.
    expect(await watch.holdRollups(projectId)).toBeGreaterThan(0);
    await ledger.run(() => ingest.base, { clients: 4, batch: 50, maxBatches: 10, stop: () => false });
    const orphan = await watch.passWaitingFor();
    await kill(aggregating);
    aggregating = await start(database.env);
    await watch.passWaitingFor(orphan);
    await watch.release();
    await waitCaughtUp(handle.db, 30_000);
    expect(ledger.pending.size).toBe(0);

    await expectAggregatesExact(handle.db, projectId, ledger);
    await expectVerifyCommandClean(database.env, projectId);
  });

  it('SIGKILL mid-pass (PGlite: the process is the database): the killed pass counts nothing, the next process catches up', async (context) => {
    const database = await processDatabase();
    cleanups.push(() => database.drop());
    if (database.shared) {
      context.skip('PGlite only (its preload watches PGlite): on PostgreSQL the test above holds a pass in the middle from a session of its own');
    }
    // Big batches: a large backlog quickly.
    const ingest = await start({ ...database.env, FEEDLOOP_AGGREGATOR: 'false', FEEDLOOP_MAX_BATCH_EVENTS: '1000', FEEDLOOP_MAX_BODY_BYTES: '4194304' });
    const { projectId, publicKey, secretKey } = await createProject(ingest.base);
    await addWebhook(ingest.base, projectId);
    const ledger = new MixedLedger(publicKey, seededRandom(21));
    await ledger.run(() => ingest.base, { clients: 2, batch: 500, maxBatches: 40, stop: () => false });
    expect(ledger.pending.size).toBe(0);
    await stop(ingest);

    // Passes of 10,000 rows. The process announces each pass as it sends it (a preload of this
    // test's); PGlite runs it on the process's only thread. Killed a moment into its second pass.
    const aggregating = startAnnouncingPasses({ ...SERVICE_ENV, ...database.env, FEEDLOOP_AGGREGATE_MAX_ROWS: '10000' });
    cleanups.push(() => aggregating.kill());
    await aggregating.passBegins(2, 60_000);
    await sleep(100);
    await aggregating.kill();
    expect(aggregating.passEnded(1)).toBe(true);
    expect(aggregating.passEnded(2), 'the second pass returned before the kill').toBe(false);

    let handle = await database.open();
    try {
      // The first pass counted, the second nothing: the watermark stands at the first's end.
      expect((await readWatermark(handle.db)).passes).toBe(1);
      expect(await rowsUpTo(handle.db, (await readWatermark(handle.db)).lastSeq)).toBe(10_000);
      const atWatermark = await verifyAggregates(handle.db, { projectId });
      expect(atWatermark.differences).toEqual([]);
    } finally {
      await handle.db.destroy();
    }

    const again = await start(database.env);
    await waitFreshOverHttp(again.base, secretKey, 60_000);
    await stop(again);
    handle = await database.open();
    try {
      await expectAggregatesExact(handle.db, projectId, ledger);
    } finally {
      await handle.db.destroy();
    }
    await expectVerifyCommandClean(database.env, projectId);
  });
});

describe('the database restarted', { timeout: 120_000 }, () => {
  it("PostgreSQL restarted in the middle of a pass: the service's aggregator recovers alone and catches up", async (context) => {
    const server = await privatePostgres();
    if (!server) context.skip('no PostgreSQL server binaries installed (apt-get install postgresql)');
    cleanups.push(() => server!.destroy());
    const env = { DATABASE_URL: server!.url, FEEDLOOP_DB_SCHEMA: '' };
    const service = await start(env);
    const { projectId, publicKey } = await createProject(service.base);
    await addWebhook(service.base, projectId);
    const ledger = new MixedLedger(publicKey, seededRandom(34));
    const open = () => openDatabase({ url: server!.url, dataDir: '', poolSize: 2 });
    let handle = await open();
    cleanups.push(() => handle.db.destroy());
    expect(await ledger.send(service.base, ledger.everyFeatureRecently())).toBe(true);
    await waitCaughtUp(handle.db, 10_000);

    const watch = await watchPasses(server!.url);
    cleanups.push(() => watch.close());
    expect(await watch.holdRollups(projectId)).toBeGreaterThan(0);
    let loading = true;
    const load = ledger.run(() => service.base, { clients: 4, batch: 20, maxBatches: 100_000, stop: () => !loading });
    await watch.passWaitingFor();
    const errorsBefore = (await metric(service.base, 'feedloop_aggregator_errors_total')) ?? 0;
    const passesBefore = (await metric(service.base, 'feedloop_aggregator_passes_total')) ?? 0;

    await server!.stop('immediate');
    await handle.db.destroy().catch(() => {});
    await sleep(500);
    await server!.start();
    // The load goes on through the restart; the service recovers by itself.
    const acknowledged = ledger.acknowledged.size;
    await until('ingest after the restart', 20_000, async () => ledger.acknowledged.size, (n) => n > acknowledged + 200);
    loading = false;
    await load;
    await retryAll(ledger, service.base);

    handle = await open();
    await waitCaughtUp(handle.db, 30_000);
    expect(await metric(service.base, 'feedloop_aggregator_leader')).toBe(1);
    // The pass in flight failed and was retried; passes ran again after the restart.
    expect(await metric(service.base, 'feedloop_aggregator_errors_total')).toBeGreaterThan(errorsBefore);
    expect(await metric(service.base, 'feedloop_aggregator_passes_total')).toBeGreaterThan(passesBefore);
    // The restart did interrupt ingest (503 while down, or a reset connection).
    expect(Object.entries(ledger.statuses).filter(([status]) => status !== '200').length).toBeGreaterThan(0);

    await expectAggregatesExact(handle.db, projectId, ledger);
    await expectVerifyCommandClean(env, projectId);
  });
});

describe('replicas', { timeout: 120_000 }, () => {
  it('two replicas: exactly one aggregates (the other waits quietly); SIGKILL it and the other takes over within seconds', async (context) => {
    const database = await processDatabase();
    cleanups.push(() => database.drop());
    if (!database.shared) context.skip('PGlite is a single-process database: two replicas run on PostgreSQL (DATABASE_URL)');
    const replicas = [await start(database.env), await start(database.env)];
    const { projectId, publicKey } = await createProject(replicas[0]!.base);
    const ledger = new MixedLedger(publicKey, seededRandom(55));
    const handle = await database.open();
    cleanups.push(() => handle.db.destroy());

    const leaders = await until(
      'one leader',
      10_000,
      () => Promise.all(replicas.map((r) => metric(r.base, 'feedloop_aggregator_leader'))),
      (flags) => flags.filter((f) => f === 1).length === 1 && flags.every((f) => f === 0 || f === 1),
    );
    const leader = replicas[leaders.indexOf(1)]!;
    const standby = replicas[leaders.indexOf(0)]!;
    const passes = (r: ServiceProcess) => metric(r.base, 'feedloop_aggregator_passes_total');

    // A standby that has stored events itself waits quietly (it only tries for leadership now
    // and then). Measured before there is a webhook, whose failing deliveries would keep both busy.
    expect(await ledger.send(standby.base, ledger.newEvents(20))).toBe(true);
    await waitCaughtUp(handle.db, 10_000);
    const cpuBefore = cpuSeconds(standby.child.pid!);
    await sleep(2000);
    expect(cpuSeconds(standby.child.pid!) - cpuBefore, 'CPU seconds of the idle standby in 2 s').toBeLessThan(0.2);

    // Load through both, as a load balancer would: only the leader's passes counter moves.
    await addWebhook(leader.base, projectId);
    const leaderPassesBefore = (await passes(leader))!;
    let turn = 0;
    await ledger.run(() => (turn++ % 2 ? leader.base : standby.base), { clients: 6, batch: 20, maxBatches: 20, stop: () => false });
    await waitCaughtUp(handle.db, 10_000);
    expect(await passes(leader)).toBeGreaterThan(leaderPassesBefore);
    expect(await passes(standby)).toBe(0);
    expect(await Promise.all([leader, standby].map((r) => metric(r.base, 'feedloop_aggregator_leader')))).toEqual([1, 0]);

    // The leader dies under load: the standby takes over (its election runs every second).
    let loading = true;
    const load = ledger.run(() => standby.base, { clients: 4, batch: 20, maxBatches: 100_000, stop: () => !loading });
    await sleep(300);
    await kill(leader);
    const killedAt = Date.now();
    await until('the standby leads', 10_000, () => metric(standby.base, 'feedloop_aggregator_leader'), (f) => f === 1);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(5000);
    await until('the new leader passes', 10_000, () => passes(standby), (n) => (n ?? 0) > 0);
    loading = false;
    await load;
    await retryAll(ledger, standby.base);
    await waitCaughtUp(handle.db, 10_000);
    console.log(`two replicas: the standby led ${takeoverMs} ms after the leader was killed`);

    await expectAggregatesExact(handle.db, projectId, ledger);
    await expectVerifyCommandClean(database.env, projectId);
  });
});

describe('events out of order and days late', () => {
  it('after later ones were aggregated: first sightings move back, old days change, every aggregate equals the recount', async () => {
    const t = await startTestApp();
    cleanups.push(() => t.close());
    const { db } = t.database;
    const { projectId, publicKey } = await t.project('Late events');
    // A webhook: late feedback goes to the outbox like any other.
    await db
      .insertInto('webhooks')
      .values({ project_id: projectId, id: randomUUID(), url: 'http://192.0.2.1/never', events: ['feedback.created'], format: 'json', secret: 'whsec_x', description: null })
      .execute();
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
    const day = (daysAgo: number) => at(daysAgo).slice(0, 10);
    const exp = { exp: 'a' };
    const exposure = (anonymousId: string, daysAgo: number) => exposureEvent({ experiment: 'exp', variant: 'a', anonymousId, timestamp: at(daysAgo) });
    const feedback = (anonymousId: string, feature: string, daysAgo: number) =>
      feedbackEvent({ anonymousId, feature, experiments: exp, timestamp: at(daysAgo) });

    /** variant_daily of exp=a by day: [exposures, exposed users, feedback users], rows left at zero omitted. */
    const variantDays = async () =>
      Object.fromEntries(
        (await db.selectFrom('variant_daily').selectAll().where('project_id', '=', projectId).where('experiment', '=', 'exp').execute())
          .filter((r) => r.exposures + r.exposed_users + r.feedback_users !== 0)
          .map((r) => [r.day, [r.exposures, r.exposed_users, r.feedback_users]]),
      );
    /** variant_feature_daily of exp=a by feature and day: [count, first-feedback users]. */
    const featureDays = async () =>
      Object.fromEntries(
        (await db.selectFrom('variant_feature_daily').selectAll().where('project_id', '=', projectId).where('experiment', '=', 'exp').execute())
          .filter((r) => r.count + r.feedback_users !== 0)
          .map((r) => [`${r.feature} ${r.day}`, [r.count, r.feedback_users]]),
      );
    const expectExact = async () => {
      await aggregated(db);
      const verified = await verifyAggregates(db, { projectId });
      expect(verified.differences).toEqual([]);
      expect(verified.checked.webhook_deliveries).toBeGreaterThan(0);
    };

    // Today: u1 and u2 seen, both give feedback.
    await send(t.app, publicKey, [exposure('u1', 0), exposure('u2', 0), feedback('u1', 'checkout', 0), feedback('u2', 'search', 0)]);
    await expectExact();
    expect(await variantDays()).toEqual({ [day(0)]: [2, 2, 2] });

    // Days late, and out of order within the batch: u1 was there 3 days ago, u2 10 days ago
    // (on another feature), u3 two days ago and, sent after that, seven days ago.
    await send(t.app, publicKey, [feedback('u1', 'checkout', 3), exposure('u1', 3), feedback('u2', 'checkout', 10), exposure('u3', 2), exposure('u3', 7)]);
    await expectExact();
    expect(await variantDays()).toEqual({
      [day(0)]: [2, 1, 0],
      [day(2)]: [1, 0, 0],
      [day(3)]: [1, 1, 1],
      [day(7)]: [1, 1, 0],
      [day(10)]: [0, 0, 1],
    });
    expect(await featureDays()).toEqual({
      [`checkout ${day(0)}`]: [1, 0],
      [`checkout ${day(3)}`]: [1, 1],
      [`checkout ${day(10)}`]: [1, 1],
      [`search ${day(0)}`]: [1, 1],
    });

    // Late, but after u1's first sighting: nothing moves.
    await send(t.app, publicKey, [feedback('u1', 'checkout', 1)]);
    await expectExact();
    expect((await featureDays())[`checkout ${day(1)}`]).toEqual([1, 0]);

    // Later still, 20 days back on another feature: u1's first feedback of all moves from 3 to
    // 20 days ago; their first on checkout stays 3 days ago.
    await send(t.app, publicKey, [feedback('u1', 'search', 20)]);
    await expectExact();
    const days = await variantDays();
    expect([days[day(3)], days[day(20)]]).toEqual([
      [1, 1, 0],
      [0, 0, 1],
    ]);
    const features = await featureDays();
    expect([features[`checkout ${day(3)}`], features[`search ${day(20)}`]]).toEqual([
      [1, 1],
      [1, 1],
    ]);
    const daily = await db.selectFrom('feature_daily').select(['feature', 'day', 'count']).where('project_id', '=', projectId).orderBy('feature').orderBy('day').execute();
    expect(daily.map((r) => [r.feature, r.day, r.count])).toEqual([
      ['checkout', day(10), 1],
      ['checkout', day(3), 1],
      ['checkout', day(1), 1],
      ['checkout', day(0), 1],
      ['search', day(20), 1],
      ['search', day(0), 1],
    ]);
  });
});

describe('randomized', { timeout: 120_000 }, () => {
  it('concurrent writers, running aggregators, random SIGKILLs: every acknowledged event once, every rollup equal to the recount', async () => {
    const seed = testSeed('aggregator randomized');
    const chaos = seededRandom(seed);
    const database = await processDatabase();
    cleanups.push(() => database.drop());
    // Many small passes or few large ones: a kill lands in the middle of a pass more often with small ones.
    const env = () => ({ ...database.env, FEEDLOOP_AGGREGATE_MAX_ROWS: String(chaos.pick([100, 500, 20_000])) });
    const services: ServiceProcess[] = [];
    for (let i = 0; i < (database.shared ? 2 : 1); i++) services.push(await start(env()));
    const { projectId, publicKey, secretKey } = await createProject(services[0]!.base);
    await addWebhook(services[0]!.base, projectId);
    const ledger = new MixedLedger(publicKey, seededRandom(seed ^ 0x5bd1e995));

    // Six writers through a load balancer: to the processes alive, backing off while none is
    // (for a moment, with the one PGlite process).
    let loading = true;
    let turn = 0;
    const alive = () => services.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
    const load = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (loading) {
          const targets = alive();
          if (targets.length === 0) await sleep(100);
          else if (!(await ledger.send(targets[turn++ % targets.length]!.base, ledger.newEvents(10)))) await sleep(50);
        }
      }),
    );
    const kills = 2 + chaos.int(2);
    const started = Date.now();
    for (let k = 0; k < kills; k++) {
      await sleep(300 + chaos.int(1200));
      const victim = chaos.int(services.length);
      await kill(services[victim]!);
      await sleep(chaos.int(500));
      services[victim] = await start(env());
    }
    await sleep(500);
    loading = false;
    await load;
    const chaosSeconds = (Date.now() - started) / 1000;
    expect(chaosSeconds).toBeLessThan(60);
    await retryAll(ledger, services[0]!.base);
    expect(ledger.acknowledged.size).toBeGreaterThan(0);
    await waitFreshOverHttp(services[0]!.base, secretKey, 60_000);
    for (const service of services) await stop(service);
    console.log(
      `randomized (seed ${seed}): ${ledger.acknowledged.size} events, ${kills} kills of ${services.length} process(es) in ${chaosSeconds.toFixed(1)} s, answers ${JSON.stringify(ledger.statuses)}`,
    );

    const handle = await database.open();
    try {
      await expectAggregatesExact(handle.db, projectId, ledger);
    } finally {
      await handle.db.destroy();
    }
    await expectVerifyCommandClean(database.env, projectId);
  });
});

describe('passes over parts', { timeout: 120_000 }, () => {
  it('two workers at once, and passes over every part between them: every row counted once, every part caught up', async () => {
    const database = await processDatabase();
    cleanups.push(() => database.drop());
    // Only stores events: the test runs the passes.
    const ingest = await start({ ...database.env, FEEDLOOP_AGGREGATOR: 'false' });
    const { projectId, publicKey } = await createProject(ingest.base);
    await addWebhook(ingest.base, projectId);
    const ledger = new MixedLedger(publicKey, seededRandom(31));
    await ledger.run(() => ingest.base, { clients: 2, batch: 50, maxBatches: 40, stop: () => false });
    expect(ledger.pending.size).toBe(0);
    await stop(ingest);

    const handles = database.shared ? [await database.open(), await database.open()] : [await database.open()];
    try {
      const [first, second = first] = handles.map((h) => h.db);
      // Small passes, so that each worker needs many and the backlog outlasts several rounds.
      const worker = async (db: typeof first, index: number) => {
        let passes = 0;
        while ((await aggregatePass(db, 300, index, 2)).more) passes += 1;
        return passes;
      };
      if (database.shared) {
        // PostgreSQL: both workers at once, and a pass over every part racing them.
        const [a, b] = await Promise.all([worker(first, 0), worker(second, 1), aggregatePass(first, 300), aggregatePass(second, 300)]);
        expect(a + b).toBeGreaterThan(2);
      } else {
        // PGlite (one connection): the same passes interleaved.
        await aggregatePass(first, 300, 1, 2);
        await aggregatePass(first, 300);
        await aggregatePass(first, 300, 0, 2);
        expect(await worker(first, 1)).toBeGreaterThan(0);
        await worker(first, 0);
      }
      // Whichever finished first, a pass over every part leaves nothing behind.
      while ((await aggregatePass(first, 50_000)).more);
      const freshness = await readFreshness(first);
      const parts = await first.selectFrom('feedloop_aggregator_parts').select('last_seq').execute();
      expect(parts.length).toBe(4);
      for (const part of parts) expect(Number(part.last_seq)).toBe(freshness.endSeq);
      await expectAggregatesExact(first, projectId, ledger);
    } finally {
      for (const handle of handles) await handle.db.destroy();
    }
  });
});

/** Raw rows (both tables) numbered up to `seq`. */
async function rowsUpTo(db: Parameters<typeof readWatermark>[0], seq: number): Promise<number> {
  const count = async (table: 'feedback' | 'exposures') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '<=', seq).executeTakeFirstOrThrow()).n);
  return (await count('feedback')) + (await count('exposures'));
}

/** Number of first sightings of a project (both tables). */
async function firstSightings(db: Parameters<typeof readWatermark>[0], projectId: string): Promise<number> {
  const count = async (table: 'exposed_users' | 'feedback_users') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);
  return (await count('exposed_users')) + (await count('feedback_users'));
}
