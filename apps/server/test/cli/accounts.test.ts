import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, feedbackEvent, startTestApp, type TestApp } from '../support/app.js';
import { send } from '../support/query.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let t: TestApp;
let base: string;
let scratch: string;
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first (the test command does)`);
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  scratch = mkdtempSync(join(tmpdir(), 'feedloop-cli-accounts-'));
});
afterAll(async () => {
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as a process: its own config directory, and none of the caller's credentials
 * (no FEEDLOOP_TOKEN, no secret key, no operator token, no local data directory's token).
 */
function feedloop(args: string[], options: { configHome: string; env?: Record<string, string>; input?: string }): Promise<Run> {
  const env = {
    ...process.env,
    FEEDLOOP_URL: base,
    XDG_CONFIG_HOME: options.configHome,
    FEEDLOOP_TOKEN: '',
    FEEDLOOP_SECRET_KEY: '',
    FEEDLOOP_ADMIN_TOKEN: '',
    FEEDLOOP_DATA_DIR: join(options.configHome, 'no-data'),
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const newConfigHome = () => mkdtempSync(join(scratch, 'config-'));
const credentialsFile = (configHome: string) => join(configHome, 'feedloop', 'credentials.json');

async function createToken(projectId: string, adminToken: string, scopes: string[]): Promise<{ token: string; id: string }> {
  const response = await fetch(`${base}/v1/projects/${projectId}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'cli test', scopes }),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { token: string; info: { id: string } };
  return { token: created.token, id: created.info.id };
}

describe('login', () => {
  it('stores the token in a file only the user can read, and later commands use it', async () => {
    const project = await t.project('CLI login');
    await send(t.app, project.publicKey, [feedbackEvent({ feature: 'login-check' })]);
    const { token } = await createToken(project.projectId, project.adminToken, ['read']);
    const configHome = newConfigHome();

    const login = await feedloop(['login'], { configHome, input: `${token}\n` });
    expect(login, login.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining(`Logged in to ${base}`) });
    expect(login.stdout + login.stderr).not.toContain(token);
    const file = credentialsFile(configHome);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(configHome, 'feedloop')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: base, token, kind: 'project' });

    const features = await feedloop(['features', '--json'], { configHome });
    expect(features, features.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(features.stdout).features).toEqual([expect.objectContaining({ feature: 'login-check', count: 1 })]);

    // The stored token goes only to the service it was stored for.
    const elsewhere = await feedloop(['features', '--url', 'http://127.0.0.1:9'], { configHome });
    expect(elsewhere).toMatchObject({ code: 1, stderr: expect.stringContaining(`the stored login is for ${base}, not http://127.0.0.1:9`) });

    // A file others can read is refused, not used.
    chmodSync(file, 0o644);
    const exposed = await feedloop(['features'], { configHome });
    expect(exposed).toMatchObject({ code: 1, stderr: expect.stringContaining('can be read by other users (mode 644)') });
    expect(exposed.stderr).not.toContain(token);
    chmodSync(file, 0o600);

    const logout = await feedloop(['logout'], { configHome });
    expect(logout).toMatchObject({ code: 0, stdout: expect.stringContaining(`Deleted ${file}`) });
    expect(existsSync(file)).toBe(false);
    const after = await feedloop(['features'], { configHome });
    expect(after).toMatchObject({ code: 1, stderr: expect.stringContaining('no credentials: run `feedloop login`') });
  });

  it('refuses a token the service does not accept, and stores nothing', async () => {
    const configHome = newConfigHome();
    const wrong = 'flt_this-token-was-never-issued-by-this-service';
    const login = await feedloop(['login'], { configHome, input: `${wrong}\n` });
    expect(login).toMatchObject({ code: 1, stderr: expect.stringContaining('did not accept this token, nothing stored: 401 unknown_key') });
    expect(login.stdout + login.stderr).not.toContain(wrong);
    expect(existsSync(credentialsFile(configHome))).toBe(false);

    const empty = await feedloop(['login'], { configHome, input: '' });
    expect(empty).toMatchObject({ code: 1, stderr: expect.stringContaining('no token given') });
    const project = await t.project('CLI public key');
    const publicKey = await feedloop(['login'], { configHome, input: `${project.publicKey}\n` });
    expect(publicKey).toMatchObject({ code: 1, stderr: expect.stringContaining('public key') });
  });

  it('stores the operator token for the user commands; project commands then ask for a project token', async () => {
    const configHome = newConfigHome();
    const none = await feedloop(['user', 'list'], { configHome });
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining('no operator token') });

    const login = await feedloop(['login'], { configHome, input: `${ADMIN_TOKEN}\n` });
    expect(login, login.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('with the operator token') });
    expect(JSON.parse(readFileSync(credentialsFile(configHome), 'utf8')).kind).toBe('operator');
    const list = await feedloop(['user', 'list', '--json'], { configHome });
    expect(list, list.stderr).toMatchObject({ code: 0 });
    expect(Array.isArray(JSON.parse(list.stdout))).toBe(true);
    const features = await feedloop(['features'], { configHome });
    expect(features).toMatchObject({ code: 1, stderr: expect.stringContaining('belongs to no project') });
  });
});

describe('FEEDLOOP_TOKEN', () => {
  it('is used before the stored login; once revoked it fails with a clear message and no secret', async () => {
    const project = await t.project('CLI env token');
    await send(t.app, project.publicKey, [feedbackEvent({ feature: 'env-check' })]);
    const { token, id } = await createToken(project.projectId, project.adminToken, ['read']);
    const configHome = newConfigHome();
    // A stored login of another project: FEEDLOOP_TOKEN wins.
    const other = await t.project('CLI other');
    expect((await feedloop(['login'], { configHome, input: `${other.secretKey}\n` })).code).toBe(0);

    const ok = await feedloop(['features', '--json'], { configHome, env: { FEEDLOOP_TOKEN: token } });
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(ok.stdout).features).toEqual([expect.objectContaining({ feature: 'env-check' })]);

    const revoked = await fetch(`${base}/v1/projects/${project.projectId}/tokens/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${project.adminToken}` },
    });
    expect(revoked.status).toBeLessThan(300);
    const refused = await feedloop(['features'], { configHome, env: { FEEDLOOP_TOKEN: token } });
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('401 unknown_key: unknown, revoked or expired token (the token from FEEDLOOP_TOKEN)'),
    });
    expect(refused.stderr).not.toContain(token);
  });
});

describe('user commands', () => {
  const operator = { FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN };

  it('user create --admin prints a one-time link that makes a signed-in instance admin, once', async () => {
    const configHome = newConfigHome();
    const created = await feedloop(['user', 'create', '--email', 'Ada@Example.com', '--name', 'Ada', '--admin'], { configHome, env: operator });
    expect(created, created.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('Account ada@example.com created (instance admin)') });
    expect(created.stdout).toMatch(/works once, until \d{4}-\d\d-\d\dT/);
    const link = /(http\S+\/dashboard\/#\/link\/(fll_[\w-]+))/.exec(created.stdout);
    expect(link?.[1]?.startsWith(`${base}/dashboard/#/link/`)).toBe(true);

    const complete = () =>
      fetch(`${base}/v1/links/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ token: link![2], password: 'correct horse battery staple' }),
      });
    const completed = await complete();
    expect(completed.status, await completed.clone().text()).toBe(204);
    const cookie = completed.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${base}/v1/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect((await me.json()) as object).toMatchObject({ user: { email: 'ada@example.com', displayName: 'Ada', instanceAdmin: true } });
    const replay = await complete();
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { code: string }).code).toBe('invalid_link');

    const list = await feedloop(['user', 'list'], { configHome, env: operator });
    expect(list.stdout).toMatch(/ada@example\.com\s+Ada\s+yes\s+active/);
    const duplicate = await feedloop(['user', 'create', '--email', 'ada@example.com'], { configHome, env: operator });
    expect(duplicate).toMatchObject({ code: 1, stderr: expect.stringContaining('409 conflict') });

    const reset = await feedloop(['user', 'reset-password', '--email', 'ada@example.com'], { configHome, env: operator });
    expect(reset, reset.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('for ada@example.com to choose a new password') });
    expect(reset.stdout).toMatch(/\/dashboard\/#\/link\/fll_/);

    const disabled = await feedloop(['user', 'disable', '--email', 'ada@example.com'], { configHome, env: operator });
    expect(disabled).toMatchObject({ code: 0, stdout: expect.stringContaining('ada@example.com disabled and signed out everywhere') });
    expect((await fetch(`${base}/v1/me`, { headers: { cookie } })).status).toBe(401);
    expect((await feedloop(['user', 'list'], { configHome, env: operator })).stdout).toMatch(/ada@example\.com.*disabled/);
    const enabled = await feedloop(['user', 'enable', '--email', 'ada@example.com'], { configHome, env: operator });
    expect(enabled).toMatchObject({ code: 0, stdout: expect.stringContaining('ada@example.com enabled') });
  });

  it('explains an unknown account or a wrong operator token, without echoing the token', async () => {
    const configHome = newConfigHome();
    const unknown = await feedloop(['user', 'disable', '--email', 'nobody@example.com'], { configHome, env: operator });
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('no account with the email nobody@example.com') });
    const wrongToken = 'not-the-operator-token-at-all';
    const wrong = await feedloop(['user', 'list'], { configHome, env: { FEEDLOOP_ADMIN_TOKEN: wrongToken } });
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('401 unauthorized: unknown token (the token from FEEDLOOP_ADMIN_TOKEN)') });
    expect(wrong.stderr).not.toContain(wrongToken);
    const project = await t.project('CLI not operator');
    const notOperator = await feedloop(['user', 'list'], { configHome, env: { FEEDLOOP_ADMIN_TOKEN: project.adminToken } });
    expect(notOperator).toMatchObject({ code: 1, stderr: expect.stringContaining('403 forbidden') });
  });
});
