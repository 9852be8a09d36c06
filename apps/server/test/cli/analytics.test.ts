import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRESHNESS_WAIT_MS } from '@feedloop/protocol';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { CreatedProject } from '../../src/services/projects/projects.js';
import { exposureEvent, feedbackEvent, startTestApp, type TestApp } from '../support/app.js';
import { send } from '../support/query.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let t: TestApp;
let base: string;
let project: CreatedProject;
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first (the test command does)`);
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  project = await t.project('CLI analytics');
  const events: unknown[] = [];
  for (const [variant, n, up] of [['control', 40, 20], ['b', 40, 30]] as const) {
    for (let i = 0; i < n; i++) {
      const experiments = { 'new-cart': variant };
      events.push(exposureEvent({ experiment: 'new-cart', variant, anonymousId: `${variant}${i}` }));
      events.push(feedbackEvent({ experiments, anonymousId: `${variant}${i}`, feature: 'cart', rating: { scale: 'thumbs', value: i < up ? 1 : 0 }, comment: i === 0 ? `=cmd|' /C calc'!A0 ${variant}` : undefined }));
    }
  }
  await send(t.app, project.publicKey, events);
});
afterAll(() => t.close());

// No stored login (XDG_CONFIG_HOME with none) and no FEEDLOOP_TOKEN from the caller's shell: the key is the credential.
const noLogin = { XDG_CONFIG_HOME: join(tmpdir(), `feedloop-no-login-${process.pid}`), FEEDLOOP_TOKEN: '' };
const feedloop = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [cli, ...args], { env: { ...process.env, ...noLogin, FEEDLOOP_URL: base, FEEDLOOP_SECRET_KEY: project.secretKey, ...env } });

describe('analyst commands', () => {
  it('features: a readable table, or JSON', async () => {
    const { stdout } = await feedloop(['features']);
    expect(stdout).toMatch(/^feature\s+feedback\s+comments\s+thumbs up/);
    expect(stdout).toMatch(/cart\s+80\s+2\s+62\.5%/);
    const json = JSON.parse((await feedloop(['features', '--json'])).stdout);
    expect(json.features[0]).toMatchObject({ feature: 'cart', count: 80 });
  });

  it('feature <name>: summary with intervals, series and comments', async () => {
    const { stdout } = await feedloop(['feature', 'cart', '--interval', 'week']);
    expect(stdout).toContain('cart: 80 feedback, 2 with a comment');
    expect(stdout).toMatch(/thumbs up 62\.5% \[\d+\.\d%, \d+\.\d%\] \(n=80\)/);
    expect(stdout).toContain('Latest comments:');
  });

  it('experiment <name>: variants, SRM, comparison table and verdicts', async () => {
    const { stdout } = await feedloop(['experiment', 'new-cart']);
    expect(stdout).toContain('control: control');
    expect(stdout).toMatch(/Sample ratio: ok/);
    expect(stdout).toMatch(/b\s+thumbs\s+50\.0%\s+75\.0%/);
    expect(stdout).toMatch(/b \/ thumbs: /);
    const json = JSON.parse((await feedloop(['experiment', 'new-cart', '--json', '--min-count', '50'])).stdout);
    expect(json.comparisons[0].metrics.every((m: { verdict: string }) => m.verdict === 'not_enough_data')).toBe(true);
  });

  it('export: CSV to a file with progress on stderr; NDJSON to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'feedloop-export-'));
    try {
      const out = join(dir, 'feedback.csv');
      const { stderr } = await feedloop(['export', '--out', out, '--feature', 'cart']);
      expect(stderr).toMatch(/✔ exported 80 rows/);
      const csv = readFileSync(out, 'utf8');
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(81);
      expect(csv).toContain(`'=cmd|' /C calc'!A0 control`);
      const { stdout } = await feedloop(['export', '--format', 'ndjson', '--experiment', 'new-cart', '--variant', 'b']);
      expect(stdout.trim().split('\n').map((l) => JSON.parse(l).experiments['new-cart'])).toEqual(Array(40).fill('b'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains a missing or wrong key', async () => {
    await expect(feedloop(['features'], { FEEDLOOP_SECRET_KEY: '' })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('secret key') });
    await expect(feedloop(['features', '--key', 'sk_wrong'])).rejects.toMatchObject({ stderr: expect.stringContaining('401 unknown_key') });
    await expect(feedloop(['feature', 'nope'])).rejects.toMatchObject({ stderr: expect.stringContaining('404 not_found') });
  });
});

describe('aggregate commands and the aggregator', () => {
  it('wait for the events acknowledged before them, at most 5 s, and say when the numbers lag; --no-fresh answers at once', async () => {
    // A service whose aggregator never runs: the events stay past the watermark.
    const behind = await startTestApp({ FEEDLOOP_AGGREGATOR: 'false' });
    try {
      const url = await behind.app.listen({ port: 0, host: '127.0.0.1' });
      const p = await behind.project('CLI lagging');
      await send(behind.app, p.publicKey, [feedbackEvent({ feature: 'late' })]);
      // Its last pass, a minute ago.
      await sql`update feedloop_aggregator set as_of = now() - interval '1 minute'`.execute(behind.database.db);
      const env = { FEEDLOOP_URL: url, FEEDLOOP_SECRET_KEY: p.secretKey };

      const started = Date.now();
      const fresh = await feedloop(['features', '--json'], env);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(MAX_FRESHNESS_WAIT_MS);
      const answer = JSON.parse(fresh.stdout);
      expect(answer.features).toEqual([]);
      expect(Date.parse(answer.asOf)).toBeLessThan(started);
      expect(fresh.stderr).toMatch(/feedloop: numbers as of \S+, \d+ s behind: the aggregator is catching up/);
      expect(Number(/(\d+) s behind/.exec(fresh.stderr)![1])).toBeGreaterThanOrEqual(60);

      const atOnce = Date.now();
      const now = await feedloop(['features', '--json', '--no-fresh'], env);
      expect(JSON.parse(now.stdout).features).toEqual([]);
      // The same start-up, without the service's wait.
      expect(Date.now() - atOnce).toBeLessThan(waited - MAX_FRESHNESS_WAIT_MS / 2);
    } finally {
      await behind.close();
    }
  }, 60_000);
});

describe('verify-aggregates', () => {
  it('exits 0 when the rollups match the raw rows, 1 with the differences when not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'feedloop-verify-'));
    const env = { FEEDLOOP_DATA_DIR: dir, DATABASE_URL: '', FEEDLOOP_DB_SCHEMA: '' };
    try {
      const handle = await openDatabase({ dataDir: dir });
      await migrateToLatest(handle.db);
      await sql`insert into variant_daily (project_id, experiment, variant, day, exposures) values (gen_random_uuid(), 'x', 'a', '2026-01-01', 3)`.execute(handle.db);
      await handle.db.destroy();
      const failed = feedloop(['verify-aggregates'], env);
      await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('✗ variant_daily unexpected') });

      const fixed = await openDatabase({ dataDir: dir });
      await sql`delete from variant_daily`.execute(fixed.db);
      await fixed.db.destroy();
      const { stdout } = await feedloop(['verify-aggregates'], env);
      expect(stdout).toContain('✔ every aggregate matches the raw events');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // four PGlite start-ups (two in child processes)
});
