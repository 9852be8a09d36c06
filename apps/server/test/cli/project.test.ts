import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, feedbackEvent, postEvents, startTestApp, type TestApp } from '../support/app.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let t: TestApp;
let base: string;
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first (the test command does)`);
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

const feedloop = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [cli, ...args], { env: { ...process.env, FEEDLOOP_URL: base, ...env } });

it('creates a project and prints its keys as JSON', async () => {
  const { stdout } = await feedloop(['project', 'create', '--name', 'CLI shop', '--origin', 'https://cli.example', '--json'], {
    FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  const created = JSON.parse(stdout);
  expect(created.publicKey).toMatch(/^pk_/);
  const sent = await postEvents(t.app, created.publicKey, [feedbackEvent()], { origin: 'https://cli.example' });
  expect(sent.json().accepted).toBe(1);
});

it('prints a readable summary with the embed snippet', async () => {
  const { stdout } = await feedloop(['project', 'create', '--name', 'Readable'], { FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN });
  expect(stdout).toContain('Project "Readable" created');
  expect(stdout).toMatch(/<script src="http:\/\/127\.0\.0\.1:\d+\/widget\/feedloop\.js" data-key="pk_/);
});

it('explains failures in one line and exits non-zero', async () => {
  const wrongToken = feedloop(['project', 'create', '--name', 'X'], { FEEDLOOP_ADMIN_TOKEN: 'wrong-token-wrong-token' });
  await expect(wrongToken).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('401 unauthorized') });
  const down = feedloop(['project', 'create', '--name', 'X'], { FEEDLOOP_URL: 'http://127.0.0.1:9', FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN });
  await expect(down).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('cannot reach Feedloop') });
});

it('rotates a secret key: the old one stops working, the new one works', async () => {
  const env = { FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN };
  const created = JSON.parse((await feedloop(['project', 'create', '--name', 'Rotation', '--json'], env)).stdout);
  const rotated = JSON.parse((await feedloop(['project', 'rotate-key', created.projectId, '--kind', 'secret', '--json'], env)).stdout);
  expect(rotated.key).toMatch(/^sk_/);
  expect(rotated.revoked).toHaveLength(1);
  const read = (key: string) => fetch(`${base}/v1/features`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
  expect(await read(created.secretKey)).toBe(401);
  expect(await read(rotated.key)).toBe(200);

  const { stdout } = await feedloop(['project', 'keys', created.projectId], env);
  expect(stdout).toMatch(/secret.*revoked/);
  expect(stdout).not.toContain(created.secretKey);
  const origins = await feedloop(['project', 'set-origins', created.projectId, 'https://new.example'], env);
  expect(origins.stdout).toContain('https://new.example');
});
