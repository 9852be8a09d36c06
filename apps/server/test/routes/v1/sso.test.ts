import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../src/services/accounts/secrets.js';
import { safeReturnPath } from '../../../src/services/accounts/sso.js';
import { createUser, updateUser } from '../../../src/services/accounts/users.js';
import { ADMIN_TOKEN, listen, startTestApp, type TestApp } from '../../support/app.js';
import { FetchBrowser } from '../../support/fetch-browser.js';
import { startIdentityProvider, startImpostorDiscovery, TEST_PASSWORD, type TestAccount, type TestIdentityProvider } from '../../support/oidc-provider.js';

const CALLBACK = '/v1/sso/callback';
const JIT_PROJECT = '6f1c1a52-3c1b-4a8e-9d0e-5b9a3f0c2d11';
const GONE_PROJECT = '0d7e4a33-8b0f-4f6c-a1d2-9e8f7a6b5c4d';

const ACCOUNTS: Record<string, TestAccount> = {
  ada: { email: 'Ada@Example.com', name: 'Ada Lovelace' },
  bob: { email: 'bob@example.com', emailVerified: false },
  erin: { email: 'erin@example.com', entraVerified: true },
  frank: { email: 'frank@example.com', entraVerified: false },
  newcomer: { email: 'Newcomer@JIT.Example', name: 'New Comer' },
  stranger: { email: 'stranger@elsewhere.example' },
  dora: { email: 'dora@example.com' },
  nomail: {},
};

/** A service with single sign-on at a fresh provider (password sign-in as `env` says). */
async function startWithProvider(env: Record<string, string> = {}, issuerOverride?: (idp: TestIdentityProvider) => Promise<string>) {
  const idp = await startIdentityProvider(ACCOUNTS);
  const issuer = issuerOverride ? await issuerOverride(idp) : idp.issuer;
  const t = await startTestApp({ ...idp.env, FEEDLOOP_OIDC_ISSUER: issuer, ...env });
  const base = await listen(t);
  idp.open(base + CALLBACK);
  return { idp, t, base };
}

/**
 * Starts a sign-in, and signs in at the provider's login form as `login`; returns the callback
 * URL the provider sent the browser to (not yet visited).
 */
async function signInAtProvider(browser: FetchBrowser, base: string, login: string, start = '/v1/sso/start'): Promise<string> {
  const toCallback = (url: string) => url.startsWith(base + CALLBACK);
  const form = await browser.follow(base + start, toCallback);
  if (!form.response) return form.url;
  expect(form.response.status).toBe(200);
  const action = /<form[^>]*action="([^"]+)"/.exec(await form.response.text())?.[1];
  expect(action).toBeDefined();
  const posted = await browser.request(new URL(action!, form.url).href, {
    method: 'POST',
    body: new URLSearchParams({ username: login, password: TEST_PASSWORD }),
  });
  expect(posted.status).toBe(303);
  const back = await browser.follow(new URL(posted.headers.get('location')!, form.url).href, toCallback);
  expect(back.response, 'the provider sent the browser back to the service').toBeUndefined();
  return back.url;
}

async function counts(t: TestApp) {
  const db = t.database.db;
  const count = async (table: 'users' | 'sessions' | 'memberships') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { users: await count('users'), sessions: await count('sessions'), memberships: await count('memberships') };
}

async function failures(t: TestApp): Promise<{ reason: string; method: string; target: unknown }[]> {
  const response = await t.app.inject({
    method: 'GET',
    url: '/v1/audit?action=session.sign_in_failed',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ events: { changes: { reason: string; method: string }; target: unknown }[] }>().events.map((e) => ({ ...e.changes, target: e.target }));
}

/** Visits the callback expecting a refusal: `status` and `code` as JSON, nothing created, the reason audited. */
async function expectRefused(t: TestApp, browser: FetchBrowser, callbackUrl: string, status: number, reason: RegExp, code = 'sso_failed') {
  const before = await counts(t);
  const auditedBefore = (await failures(t)).length;
  const response = await browser.request(callbackUrl, { headers: { accept: 'application/json' } });
  expect(response.status).toBe(status);
  const body = (await response.json()) as { code: string; message: string };
  expect(body.code).toBe(code);
  expect(body.message).toMatch(reason);
  expect(response.headers.getSetCookie().some((c) => c.startsWith('feedloop_session='))).toBe(false);
  expect(await counts(t)).toEqual(before);
  const audited = await failures(t);
  expect(audited.length).toBe(auditedBefore + 1);
  expect(audited[0]).toMatchObject({ method: 'sso' });
  expect(audited[0]!.reason).toMatch(reason);
  return body;
}

describe('single sign-on (OpenID Connect)', () => {
  let idp: TestIdentityProvider;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    ({ idp, t, base } = await startWithProvider({
      FEEDLOOP_PASSWORD_SIGN_IN: 'false',
      FEEDLOOP_OIDC_JIT_DOMAINS: 'jit.example, other.example',
      FEEDLOOP_OIDC_JIT_ROLE: 'member',
      FEEDLOOP_OIDC_JIT_PROJECTS: `${JIT_PROJECT},${GONE_PROJECT}`,
    }));
    const db = t.database.db;
    await db.insertInto('projects').values({ id: JIT_PROJECT, name: 'JIT project', allowed_origins: [] }).execute();
    await createUser(db, { email: 'ada@example.com', displayName: 'Ada' });
    await createUser(db, { email: 'bob@example.com' });
    await createUser(db, { email: 'erin@example.com' });
    await createUser(db, { email: 'frank@example.com' });
    const dora = await createUser(db, { email: 'dora@example.com' });
    await updateUser(db, dora.id, { disabled: true });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  it('offers the provider by name, and password sign-in is off', async () => {
    const options = await fetch(`${base}/v1/session/options`).then((r) => r.json());
    expect(options).toMatchObject({ password: false, sso: { name: 'Test IdP', url: '/v1/sso/start' } });
    const password = await fetch(`${base}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'ada@example.com', password: 'whatever-password' }),
    });
    expect(password.status).toBe(403);
    expect(((await password.json()) as { code: string }).code).toBe('password_sign_in_disabled');
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const browser = new FetchBrowser();
    const response = await browser.request(`${base}/v1/sso/start`);
    expect(response.status).toBe(302);
    const to = new URL(response.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: 'feedloop-test',
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: base + CALLBACK,
      code_challenge_method: 'S256',
    });
    const state = to.searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(to.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The browser keeps the state; the table keeps only its hash.
    expect(browser.cookie(base, 'feedloop_sso')).toBe(state);
    const row = await t.database.db.selectFrom('sso_logins').selectAll().where('state_hash', '=', hashSecret(state)).executeTakeFirst();
    expect(row?.return_to).toBe('/dashboard/');
    expect(new Date(row!.expires_at).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
  });

  it('signs in an existing account by its email (any case), and lands on the dashboard', async () => {
    const browser = new FetchBrowser();
    const callback = await signInAtProvider(browser, base, 'ada');
    const state = new URL(callback).searchParams.get('state')!;
    const response = await browser.request(callback);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/dashboard/');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('feedloop_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(browser.cookie(base, 'feedloop_sso')).toBeUndefined();

    const me = await browser.request(`${base}/v1/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { email: 'ada@example.com', displayName: 'Ada' } });
    // Used once: the state row is gone.
    expect(await t.database.db.selectFrom('sso_logins').selectAll().where('state_hash', '=', hashSecret(state)).executeTakeFirst()).toBeUndefined();

    const audit = await t.app.inject({ method: 'GET', url: '/v1/audit?action=session.signed_in', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(audit.json<{ events: unknown[] }>().events[0]).toMatchObject({ changes: { method: 'sso' }, actor: { type: 'user', label: 'Ada' } });
  });

  it('returns to a dashboard path it was given, never to anywhere else', async () => {
    const browser = new FetchBrowser();
    const callback = await signInAtProvider(browser, base, 'ada', `/v1/sso/start?returnTo=${encodeURIComponent('/dashboard/#/projects')}`);
    expect((await browser.request(callback)).headers.get('location')).toBe('/dashboard/#/projects');
    const other = new FetchBrowser();
    const elsewhere = await signInAtProvider(other, base, 'ada', `/v1/sso/start?returnTo=${encodeURIComponent('https://evil.example/dashboard/')}`);
    expect((await other.request(elsewhere)).headers.get('location')).toBe('/dashboard/');
    for (const hostile of ['https://evil.example/dashboard/', '//evil.example/dashboard/', '/dashboard/../v1/me', '/dashboard/\\evil.example', '/dashboardx', '/dashboard/\nx']) {
      expect(safeReturnPath(hostile)).toBe('/dashboard/');
    }
    expect(safeReturnPath('/dashboard/#/feedback?status=new')).toBe('/dashboard/#/feedback?status=new');
  });

  it('refuses a wrong state: nothing changes, and the attempt is audited', async () => {
    const browser = new FetchBrowser();
    const callback = new URL(await signInAtProvider(browser, base, 'ada'));
    callback.searchParams.set('state', 'forged-state-0123456789abcdefghijklmnop');
    await expectRefused(t, browser, callback.href, 400, /state/);
  });

  it('refuses a callback opened in another browser than the one that started (login CSRF), and a replay', async () => {
    const attacker = new FetchBrowser();
    const callback = await signInAtProvider(attacker, base, 'ada');
    await expectRefused(t, new FetchBrowser(), callback, 400, /not started in this browser/);
    // The attacker's own browser may still finish, once.
    expect((await attacker.request(callback)).status).toBe(302);
    const replay = new FetchBrowser();
    replay.cookies.set(base, new Map([['feedloop_sso', new URL(callback).searchParams.get('state')!]]));
    await expectRefused(t, replay, callback, 400, /unknown, used or expired/);
  });

  it('refuses an authorization code of another sign-in (swapped state: PKCE fails)', async () => {
    const browser = new FetchBrowser();
    const first = new URL(await signInAtProvider(browser, base, 'ada'));
    // A second sign-in in the same browser: its state is the one the browser now holds.
    const second = await browser.request(`${base}/v1/sso/start`);
    const secondState = new URL(second.headers.get('location')!).searchParams.get('state')!;
    expect(browser.cookie(base, 'feedloop_sso')).toBe(secondState);
    first.searchParams.set('state', secondState);
    await expectRefused(t, browser, first.href, 400, /invalid_grant/);
  });

  it('refuses an ID token for another nonce', async () => {
    const browser = new FetchBrowser();
    const callback = await signInAtProvider(browser, base, 'ada');
    const state = new URL(callback).searchParams.get('state')!;
    await t.database.db.updateTable('sso_logins').set({ nonce: 'the-nonce-of-another-sign-in' }).where('state_hash', '=', hashSecret(state)).execute();
    await expectRefused(t, browser, callback, 400, /nonce/);
  });

  it('refuses an email the provider has not verified, even of an existing account', async () => {
    const browser = new FetchBrowser();
    await expectRefused(t, browser, await signInAtProvider(browser, base, 'bob'), 403, /not verified bob@example\.com/);
  });

  it('takes Entra ID’s xms_edov as the verification when there is no email_verified (and refuses it false)', async () => {
    const erin = new FetchBrowser();
    const landed = await erin.request(await signInAtProvider(erin, base, 'erin'));
    expect(landed.headers.get('location')).toBe('/dashboard/');
    expect((await erin.request(`${base}/v1/me`)).status).toBe(200);
    const frank = new FetchBrowser();
    await expectRefused(t, frank, await signInAtProvider(frank, base, 'frank'), 403, /not verified frank@example\.com/);
  });

  it('refuses an answer without an email', async () => {
    const browser = new FetchBrowser();
    await expectRefused(t, browser, await signInAtProvider(browser, base, 'nomail'), 403, /no email/);
  });

  it('refuses an email without an account outside the just-in-time domains', async () => {
    const browser = new FetchBrowser();
    await expectRefused(t, browser, await signInAtProvider(browser, base, 'stranger'), 403, /no account for stranger@elsewhere\.example/);
  });

  it('refuses a disabled account', async () => {
    const browser = new FetchBrowser();
    await expectRefused(t, browser, await signInAtProvider(browser, base, 'dora'), 403, /disabled/, 'account_disabled');
  });

  it('refuses when the person cancels at the provider', async () => {
    const browser = new FetchBrowser();
    const form = await browser.follow(`${base}/v1/sso/start`);
    const abort = new URL(`${new URL(form.url).pathname}/abort`, form.url).href;
    const back = await browser.follow(abort, (url) => url.startsWith(base + CALLBACK));
    await expectRefused(t, browser, back.url, 400, /access_denied/);
  });

  it('sends a person’s browser back to the sign-in page with the code', async () => {
    const browser = new FetchBrowser({ accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    const callback = new URL(await signInAtProvider(browser, base, 'ada'));
    callback.searchParams.set('state', 'forged-state-0123456789abcdefghijklmnop');
    const response = await browser.request(callback.href);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/dashboard/#/sign-in?error=sso_failed');
    // No account: the page can say so.
    const another = new FetchBrowser({ accept: 'text/html' });
    const stranger = await another.request(await signInAtProvider(another, base, 'stranger'));
    expect(stranger.headers.get('location')).toBe('/dashboard/#/sign-in?error=sso_no_account');
  });

  it('creates an account for a just-in-time domain, with the configured role in the listed projects that exist', async () => {
    const before = await counts(t);
    const browser = new FetchBrowser();
    const response = await browser.request(await signInAtProvider(browser, base, 'newcomer'));
    expect(response.status).toBe(302);
    const me = await browser.request(`${base}/v1/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { email: 'newcomer@jit.example', displayName: 'New Comer', hasPassword: false, instanceAdmin: false },
      memberships: [{ projectId: JIT_PROJECT, role: 'member' }],
    });
    const memberships = await t.database.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['project_id', 'role']).where('users.email', '=', 'newcomer@jit.example').execute();
    expect(memberships).toEqual([{ project_id: JIT_PROJECT, role: 'member' }]);
    expect(await counts(t)).toEqual({ users: before.users + 1, sessions: before.sessions + 1, memberships: before.memberships + 1 });
    const trail = await t.app.inject({ method: 'GET', url: `/v1/projects/${JIT_PROJECT}/audit`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(trail.json<{ events: unknown[] }>().events).toEqual([expect.objectContaining({ action: 'member.added', changes: { role: { from: null, to: 'member' }, method: 'sso' } })]);

    // The next sign-in finds the account.
    const again = new FetchBrowser();
    expect((await again.request(await signInAtProvider(again, base, 'newcomer'))).status).toBe(302);
    expect((await counts(t)).users).toBe(before.users + 1);
  });
});

describe('single sign-on with a provider answering for another issuer (mix-up)', () => {
  let impostor: { url: string; close(): Promise<void> } | undefined;
  let started: Awaited<ReturnType<typeof startWithProvider>> | undefined;

  beforeAll(async () => {
    started = await startWithProvider({}, async (real) => {
      impostor = await startImpostorDiscovery(real, true);
      return impostor.url;
    });
    await createUser(started.t.database.db, { email: 'ada@example.com' });
  });
  afterAll(async () => {
    await started?.t.close();
    await impostor?.close();
    await started?.idp.close();
  });

  it('refuses tokens from another issuer than the configured one', async () => {
    const { idp, t, base } = started!;
    const browser = new FetchBrowser();
    const callback = await signInAtProvider(browser, base, 'ada');
    expect(new URL(callback).searchParams.get('iss')).toBe(idp.issuer);
    await expectRefused(t, browser, callback, 400, /iss/);
  });
});

describe('single sign-on with a discovery document naming another issuer', () => {
  const logs: string[] = [];
  let real: TestIdentityProvider;
  let impostor: { url: string; close(): Promise<void> };
  let t: TestApp;

  beforeAll(async () => {
    real = await startIdentityProvider(ACCOUNTS);
    impostor = await startImpostorDiscovery(real, false);
    t = await startTestApp({ ...real.env, FEEDLOOP_OIDC_ISSUER: impostor.url, LOG_LEVEL: 'error' }, { logStream: { write: (line) => void logs.push(line) } });
    real.open((await listen(t)) + CALLBACK);
  });
  afterAll(async () => {
    await t?.close();
    await impostor?.close();
    await real?.close();
  });

  it('is unavailable (503 sso_failed), and says why in the log', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/sso/start' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'sso_failed', message: expect.stringMatching(/discovery/) });
    expect(logs.join('\n')).toMatch(/discovery failed/);
  });
});

describe('single sign-on while the provider is down', () => {
  let idp: TestIdentityProvider;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    idp = await startIdentityProvider(ACCOUNTS);
    t = await startTestApp(idp.env);
    base = await listen(t);
    await createUser(t.database.db, { email: 'ada@example.com' });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  it('starts without the provider, answers 503 sso_failed, and works once the provider is up', async () => {
    const down = await fetch(`${base}/v1/sso/start`, { redirect: 'manual' });
    expect(down.status).toBe(503);
    expect(((await down.json()) as { code: string }).code).toBe('sso_failed');
    idp.open(base + CALLBACK);
    const browser = new FetchBrowser();
    expect((await browser.request(await signInAtProvider(browser, base, 'ada'))).status).toBe(302);
    expect((await browser.request(`${base}/v1/me`)).status).toBe(200);
  });
});

describe('single sign-on not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has no start and offers none', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/sso/start' })).json()).toMatchObject({ code: 'not_found' });
    expect((await t.app.inject({ method: 'GET', url: '/v1/sso/callback?state=x&code=y' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/session/options' })).json()).toMatchObject({ password: true, sso: null });
  });
});
