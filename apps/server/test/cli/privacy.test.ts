import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, exposureEvent, feedbackEvent, startTestApp, type TestApp, type TestProject } from '../support/app.js';
import { send } from '../support/query.js';
import { expectAggregatesConsistent } from '../support/verify.js';
import { XSS_PAYLOADS } from '../support/xss.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let t: TestApp;
let p: TestProject;
let base: string;
let dir: string;
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first (the test command does)`);
  t = await startTestApp();
  p = await t.project('CLI privacy');
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  dir = await mkdtemp(join(tmpdir(), 'feedloop-privacy-'));
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const feedloop = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [cli, ...args], { env: { ...process.env, FEEDLOOP_URL: base, FEEDLOOP_TOKEN: '', FEEDLOOP_ADMIN_TOKEN: '', ...env } });

it('exports a person to a file, then erases them, with the operator token or an admin token', async () => {
  await send(t.app, p.publicKey, [
    feedbackEvent({ userId: 'ivan', anonymousId: 'anon-ivan', comment: XSS_PAYLOADS[0], experiments: { exp: 'a' } }),
    exposureEvent({ userId: 'ivan', anonymousId: 'anon-ivan', experiment: 'exp', variant: 'a' }),
    feedbackEvent({ anonymousId: 'anon-judy', comment: 'stays' }),
  ]);
  const out = join(dir, 'ivan.json');
  const exported = await feedloop(['privacy', 'export', '--project', p.projectId, '--user-id', 'ivan', '--out', out], { FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN });
  expect(exported.stderr).toContain(`✔ 1 feedback, 1 exposures`);
  const document = JSON.parse(await readFile(out, 'utf8'));
  expect(document.feedback[0].comment).toBe(XSS_PAYLOADS[0]);
  expect(document.linkedIdentifiers.anonymousIds).toEqual(['anon-ivan']);

  const erased = await feedloop(['privacy', 'erase', '--project', p.projectId, '--user-id', 'ivan', '--anonymous-id', 'anon-ivan'], {
    FEEDLOOP_TOKEN: p.adminToken,
  });
  expect(erased.stdout).toMatch(/✔ Erased at .* \(receipt [0-9a-f-]{36}\)/);
  expect(erased.stdout).toMatch(/Feedback: +1 /);
  expect(erased.stdout).toMatch(/Exposures: +1\n/);
  const again = await feedloop(['privacy', 'erase', '--project', p.projectId, '--user-id', 'ivan', '--json'], { FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN });
  expect(JSON.parse(again.stdout).counts).toMatchObject({ feedback: 0, exposures: 0 });
  await expectAggregatesConsistent(t);
});

it('explains what is missing in one line and exits non-zero', async () => {
  const nobody = feedloop(['privacy', 'erase', '--project', p.projectId], { FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN });
  await expect(nobody).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('name the person: --user-id, --anonymous-id or --email') });
  const notAdmin = feedloop(['privacy', 'erase', '--project', p.projectId, '--email', 'x@example.com'], { FEEDLOOP_TOKEN: p.secretKey });
  await expect(notAdmin).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('403 forbidden') });
});
