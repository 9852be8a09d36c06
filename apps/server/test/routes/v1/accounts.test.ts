import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_HEADER, SESSION_COOKIE } from '@feedloop/protocol';
import { hashSecret } from '../../../src/services/accounts/secrets.js';
import { XSS_PAYLOADS } from '../../support/xss.js';
import {
  ACCOUNTS_ENV,
  OWN_ORIGIN,
  PASSWORD,
  cookieHeader,
  createPerson,
  postSignIn,
  sessionCookieOf,
  signIn,
  type Person,
} from '../../support/accounts.js';
import { ORIGIN, feedbackEvent, startTestApp, type TestApp, type TestProject } from '../../support/app.js';
import { storeFeedback } from '../../support/webhook-receiver.js';

/*
 * The attacks and bad input of the teams issue: each gets a clear 4xx with a code, changes
 * nothing, and is in the audit trail where it should be.
 */

let t: TestApp;
let a: TestProject;
let b: TestProject;
const people = {} as Record<'owner' | 'admin' | 'member' | 'viewer' | 'instanceAdmin' | 'adminOfB', Person>;
const cookies = {} as Record<keyof typeof people, string>;
/** Every secret these tests use: none may appear in an audit trail. */
const secrets = new Set<string>([PASSWORD]);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request with a session cookie, from the service's own pages (Origin), in project A unless said otherwise. */
function asPerson(cookie: string, method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method,
    url,
    headers: {
      cookie: cookieHeader(cookie),
      [PROJECT_HEADER]: a.projectId,
      ...(method === 'GET' ? {} : { origin: OWN_ORIGIN }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

function withToken(token: string, method: Method, url: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

/** A sign-in attempt from a given client address (the throttle counts per address). */
const attempt = (email: string, password: string, remoteAddress = '127.0.0.1') => postSignIn(t.app, { email, password }, { remoteAddress });

const instanceAudit = async () => (await asPerson(cookies.instanceAdmin, 'GET', '/v1/audit?limit=500')).json().events as AuditEntry[];
const projectAudit = async (projectId = a.projectId) =>
  (await asPerson(cookies.owner, 'GET', `/v1/projects/${projectId}/audit?limit=500`)).json().events as AuditEntry[];

interface AuditEntry {
  action: string;
  actor: { type: string; id: string | null; label: string | null };
  target: { type: string; id: string | null } | null;
  changes: Record<string, unknown>;
  clientAddress: string | null;
}

function expectNoSecrets(json: unknown) {
  const text = JSON.stringify(json);
  for (const secret of secrets) expect(text, 'a secret in the audit trail').not.toContain(secret);
}

const linkToken = (url: string) => url.slice(url.indexOf('#/link/') + '#/link/'.length);

beforeAll(async () => {
  t = await startTestApp(ACCOUNTS_ENV);
  a = await t.project('Project A', [ORIGIN]);
  b = await t.project('Project B', [ORIGIN]);
  people.owner = await createPerson(t, { displayName: 'Olive Owner', roles: { [a.projectId]: 'owner' } });
  people.admin = await createPerson(t, { displayName: 'Ada Admin', roles: { [a.projectId]: 'admin' } });
  people.member = await createPerson(t, { displayName: 'Mo Member', roles: { [a.projectId]: 'member' } });
  people.viewer = await createPerson(t, { displayName: 'Vi Viewer', roles: { [a.projectId]: 'viewer' } });
  people.instanceAdmin = await createPerson(t, { displayName: 'Ian Instance', instanceAdmin: true });
  people.adminOfB = await createPerson(t, { displayName: 'Bea B', roles: { [b.projectId]: 'admin' } });
  for (const [name, person] of Object.entries(people)) {
    const cookie = await signIn(t.app, person);
    cookies[name as keyof typeof people] = cookie;
    secrets.add(cookie);
  }
  secrets.add(a.adminToken).add(b.adminToken).add(a.secretKey).add(b.secretKey);
}, 60_000);
afterAll(() => t?.close());

describe('signing in', () => {
  it('a wrong password: 401 invalid_credentials, no cookie, and a failed sign-in in the audit trail without the password', async () => {
    const person = await createPerson(t);
    const wrong = `wrong-${randomUUID()}`;
    secrets.add(wrong);
    const response = await attempt(person.email, wrong, '10.0.1.1');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'invalid_credentials' });
    expect(sessionCookieOf(response)).toBeUndefined();

    const events = await instanceAudit();
    const failed = events.find((e) => e.action === 'session.sign_in_failed' && e.target?.id === person.userId);
    expect(failed).toMatchObject({ actor: { type: 'anonymous' }, changes: { reason: 'wrong password' }, clientAddress: '10.0.1.0/24' });
    expectNoSecrets(events);
  });

  it('an unknown email: the same 401, answered in about the time a known one takes', async () => {
    const address = '10.0.2.1';
    // Warm-up: the first unknown email makes the decoy hash.
    await attempt(`warm-${randomUUID()}@nowhere.example`, 'whatever password', address);
    const known = await Promise.all(Array.from({ length: 8 }, () => createPerson(t)));
    const timesKnown: number[] = [];
    const timesUnknown: number[] = [];
    const unknownAnswers = new Set<string>();
    for (let i = 0; i < 8; i++) {
      // Interleaved, so that a slow moment of the machine weighs on both.
      let start = performance.now();
      const wrong = await attempt(known[i]!.email, 'not the password', address);
      timesKnown.push(performance.now() - start);
      start = performance.now();
      const unknown = await attempt(`nobody-${randomUUID()}@nowhere.example`, 'not the password', address);
      timesUnknown.push(performance.now() - start);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      unknownAnswers.add(unknown.body);
      expect(unknown.json()).toEqual(wrong.json());
    }
    expect(unknownAnswers.size).toBe(1);
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    const ratio = median(timesUnknown) / median(timesKnown);
    expect(ratio, `unknown ${median(timesUnknown).toFixed(1)} ms, known ${median(timesKnown).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio, `unknown ${median(timesUnknown).toFixed(1)} ms, known ${median(timesKnown).toFixed(1)} ms`).toBeLessThan(2);

    const failures = (await instanceAudit()).filter((e) => e.action === 'session.sign_in_failed' && e.clientAddress === '10.0.2.0/24');
    expect(failures.filter((e) => e.changes.reason === 'unknown account')).toHaveLength(9);
  });

  it('throttles one account: the 6th attempt is 429 with Retry-After, even with the right password, from any address', async () => {
    const person = await createPerson(t);
    // The same account however its email is written.
    const spellings = [person.email, person.email.toUpperCase(), ` ${person.email} `, person.email, person.email.replace(/^./, (c) => c.toUpperCase())];
    for (const email of spellings) expect((await attempt(email, 'not the password', '10.0.3.1')).statusCode).toBe(401);
    for (const address of ['10.0.3.1', '10.9.9.9']) {
      const blocked = await attempt(person.email, person.password, address);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toMatchObject({ code: 'rate_limited' });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(sessionCookieOf(blocked)).toBeUndefined();
    }
    // Other accounts are not blocked by it.
    expect((await attempt(people.member.email, PASSWORD, '10.0.3.1')).statusCode).toBe(204);
  });

  it('throttles one address across accounts: after 20 failures, 429 for anyone from it', async () => {
    const address = '10.0.4.1';
    for (let i = 0; i < 20; i++) {
      expect((await attempt(`guess-${i}-${randomUUID()}@nowhere.example`, 'not the password', address)).statusCode).toBe(401);
    }
    const blocked = await attempt(people.member.email, PASSWORD, address);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address still signs in.
    expect((await attempt(people.member.email, PASSWORD, '10.0.5.1')).statusCode).toBe(204);
  });

  it('a disabled user: 403 account_disabled with the right password (401 with a wrong one), and their live sessions end at once', async () => {
    const person = await createPerson(t, { roles: { [a.projectId]: 'member' } });
    const cookie = await signIn(t.app, person);
    expect((await asPerson(cookie, 'GET', '/v1/me')).statusCode).toBe(200);

    const disabled = await asPerson(cookies.instanceAdmin, 'PATCH', `/v1/users/${person.userId}`, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await asPerson(cookie, 'GET', '/v1/me')).statusCode).toBe(401);
    expect((await asPerson(cookie, 'GET', '/v1/feedback')).statusCode).toBe(401);

    const refused = await attempt(person.email, person.password, '10.0.6.1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'account_disabled' });
    expect(sessionCookieOf(refused)).toBeUndefined();
    const wrong = await attempt(person.email, 'not the password', '10.0.6.1');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });

    const events = await instanceAudit();
    expect(events.find((e) => e.action === 'session.sign_in_failed' && e.target?.id === person.userId && e.changes.reason === 'account disabled')).toBeDefined();
    expect(events.find((e) => e.action === 'user.updated' && e.target?.id === person.userId)).toMatchObject({
      actor: { type: 'user', id: people.instanceAdmin.userId },
      changes: { disabled: { from: false, to: true } },
    });
  });

  it('refuses a sign-in from a foreign page (login CSRF): 403 csrf_rejected', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: undefined, referer: 'https://evil.example/login' }, { origin: undefined }]) {
      const response = await postSignIn(t.app, { email: people.member.email, password: PASSWORD }, { headers });
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json()).toMatchObject({ code: 'csrf_rejected' });
      expect(sessionCookieOf(response)).toBeUndefined();
    }
  });

  it('sets a cookie the server made (HttpOnly, SameSite=Lax, Path=/), never one named by the request (session fixation)', async () => {
    const planted = `fls_${'A'.repeat(43)}`;
    const response = await postSignIn(t.app, { email: people.member.email, password: PASSWORD }, { headers: { cookie: cookieHeader(planted) } });
    expect(response.statusCode).toBe(204);
    const line = ([] as string[]).concat(response.headers['set-cookie'] as string | string[]).find((l) => l.startsWith(`${SESSION_COOKIE}=`))!;
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).toMatch(/; Path=\//);
    const issued = sessionCookieOf(response)!;
    expect(issued).toMatch(/^fls_[A-Za-z0-9_-]{43}$/);
    expect(issued).not.toBe(planted);
    expect((await asPerson(planted, 'GET', '/v1/me')).statusCode).toBe(401);
    expect((await asPerson(issued, 'GET', '/v1/me')).json().user.email).toBe(people.member.email);
  });

  it('refuses a cookie it never issued, and one carrying ; or CR/LF: 401 unauthorized', async () => {
    const valid = cookies.member;
    for (const cookie of [
      `${SESSION_COOKIE}=fls_${randomUUID()}`,
      `${SESSION_COOKIE}=${valid.slice(0, -1)}`,
      `${SESSION_COOKIE}=${valid.slice(0, 10)};${valid.slice(10)}`,
      `${SESSION_COOKIE}=${valid}%0d%0aSet-Cookie:%20evil=1`,
      `${SESSION_COOKIE}=${valid}\r\nX-Evil: 1`,
      `${SESSION_COOKIE}="${valid}\r\n"`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } });
      expect(response.statusCode, cookie).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthorized' });
      expect(response.headers['set-cookie'], cookie).toBeUndefined();
    }
  });

  it('never builds a Set-Cookie from input: an email carrying a header or cookie attributes is just a wrong email', async () => {
    for (const email of [`${people.member.email}\r\nSet-Cookie: evil=1`, `${people.member.email}; Domain=evil.example`]) {
      const response = await attempt(email, PASSWORD, '10.0.7.1');
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'invalid_credentials' });
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(JSON.stringify(response.headers)).not.toContain('evil');
    }
  });
});

describe('sessions', () => {
  it('after sign-out the cookie is useless: 401, and the answer clears it', async () => {
    const person = await createPerson(t, { roles: { [a.projectId]: 'viewer' } });
    const cookie = await signIn(t.app, person);
    const out = await asPerson(cookie, 'DELETE', '/v1/session');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)`));
    for (const url of ['/v1/me', '/v1/feedback']) {
      const response = await asPerson(cookie, 'GET', url);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthorized' });
    }
    expect((await asPerson(cookie, 'DELETE', '/v1/session')).statusCode).toBe(401);
  });

  it('a password change ends every other session; the one that changed it goes on; the old password stops working', async () => {
    const person = await createPerson(t, { roles: { [a.projectId]: 'viewer' } });
    const first = await signIn(t.app, person);
    const second = await signIn(t.app, person);
    const newPassword = `new password ${randomUUID()}`;
    secrets.add(newPassword);

    const wrongCurrent = await asPerson(first, 'PUT', '/v1/me/password', { currentPassword: 'not the password', newPassword });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json()).toMatchObject({ code: 'invalid_credentials' });
    expect((await asPerson(second, 'GET', '/v1/me')).statusCode).toBe(200);
    const tooShort = await asPerson(first, 'PUT', '/v1/me/password', { currentPassword: person.password, newPassword: 'short' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json()).toMatchObject({ code: 'invalid_body' });

    expect((await asPerson(first, 'PUT', '/v1/me/password', { currentPassword: person.password, newPassword })).statusCode).toBe(204);
    expect((await asPerson(first, 'GET', '/v1/me')).statusCode).toBe(200);
    const ended = await asPerson(second, 'GET', '/v1/me');
    expect(ended.statusCode).toBe(401);
    expect(ended.json()).toMatchObject({ code: 'unauthorized' });
    expect((await attempt(person.email, person.password, '10.0.8.1')).statusCode).toBe(401);
    expect((await attempt(person.email, newPassword, '10.0.8.1')).statusCode).toBe(204);
    expectNoSecrets(await instanceAudit());
  });

  it('one may end one of one’s own sessions, not another person’s (404)', async () => {
    const person = await createPerson(t, { roles: { [a.projectId]: 'viewer' } });
    const first = await signIn(t.app, person);
    const second = await signIn(t.app, person);
    const sessions = (await asPerson(first, 'GET', '/v1/me/sessions')).json().sessions as { id: string; current: boolean }[];
    expect(sessions).toHaveLength(2);
    const other = sessions.find((s) => !s.current)!;

    const foreign = await asPerson(cookies.adminOfB, 'DELETE', `/v1/me/sessions/${other.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'not_found' });
    expect((await asPerson(second, 'GET', '/v1/me')).statusCode).toBe(200);

    expect((await asPerson(first, 'DELETE', `/v1/me/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await asPerson(second, 'GET', '/v1/me')).statusCode).toBe(401);
    expect((await asPerson(first, 'GET', '/v1/me')).statusCode).toBe(200);
  });
});

describe('cross-site request forgery, with a valid cookie', () => {
  const forged: [string, Record<string, string | undefined>][] = [
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null (a sandboxed frame)', { origin: 'null' }],
    ['an Origin that only begins like ours', { origin: `${OWN_ORIGIN}.evil.example` }],
    ['no Origin, a foreign Referer', { origin: undefined, referer: 'https://evil.example/page' }],
    ['no Origin, a Referer that only begins like ours', { origin: undefined, referer: `${OWN_ORIGIN}.evil.example/page` }],
    ['no Origin and no Referer', { origin: undefined }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
  ];
  /** Headers with `undefined` values removed (inject would send them as text). */
  const clean = (headers: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  function forge(cookie: string, method: Method, url: string, body: unknown, headers: Record<string, string | undefined>) {
    const base: Record<string, string | undefined> = { cookie: cookieHeader(cookie), [PROJECT_HEADER]: a.projectId, origin: OWN_ORIGIN, ...headers };
    if (body !== undefined) base['content-type'] = 'application/json';
    return t.app.inject({ method, url, headers: clean(base), ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
  }

  it.each(forged)('%s: POST, PATCH and DELETE are 403 csrf_rejected, and nothing changes', async (_name, headers) => {
    const tokensBefore = (await asPerson(cookies.admin, 'GET', `/v1/projects/${a.projectId}/tokens`)).json().tokens;
    const tokenId = tokensBefore[0].id as string;
    const nameBefore = (await asPerson(cookies.admin, 'GET', '/v1/me')).json().user.displayName;
    for (const [method, url, body] of [
      ['POST', `/v1/projects/${a.projectId}/tokens`, { name: 'forged', scopes: ['admin'] }],
      ['PATCH', '/v1/me', { displayName: 'Forged' }],
      ['DELETE', `/v1/projects/${a.projectId}/tokens/${tokenId}`, undefined],
      ['DELETE', '/v1/session', undefined],
    ] as const) {
      const response = await forge(cookies.admin, method, url, body, headers);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json()).toMatchObject({ code: 'csrf_rejected' });
    }
    expect((await asPerson(cookies.admin, 'GET', `/v1/projects/${a.projectId}/tokens`)).json().tokens).toEqual(tokensBefore);
    expect((await asPerson(cookies.admin, 'GET', '/v1/me')).json().user.displayName).toBe(nameBefore);
  });

  it('from the service’s own pages (Origin, or else Referer; Sec-Fetch-Site same-origin) the same requests go through', async () => {
    for (const headers of [{}, { 'sec-fetch-site': 'same-origin' }, { origin: undefined, referer: `${OWN_ORIGIN}/dashboard/#/members` }]) {
      const response = await forge(cookies.admin, 'PATCH', '/v1/me', { displayName: 'Ada Admin' }, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(200);
    }
  });

  it('a foreign page cannot read with the cookie either: no CORS grant with credentials', async () => {
    const read = await asPerson(cookies.admin, 'GET', '/v1/feedback', undefined, { origin: 'https://evil.example' });
    expect(read.headers['access-control-allow-credentials']).toBeUndefined();
    expect(read.headers['access-control-allow-origin']).not.toBe('https://evil.example');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/me',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(preflight.headers['access-control-allow-methods'] ?? '')).not.toContain('PATCH');
  });

  it('API tokens are no cookies: a bearer write needs no Origin', async () => {
    const response = await withToken(a.adminToken, 'POST', `/v1/projects/${a.projectId}/tokens`, { name: 'script', scopes: ['read'] });
    expect(response.statusCode).toBe(201);
    secrets.add(response.json().token);
  });
});

describe('roles and projects', () => {
  let feedbackA: string;
  let feedbackB: string;
  beforeAll(async () => {
    feedbackA = (await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ email: 'submitter@example.com', comment: 'in A' })]))[0]!.id;
    feedbackB = (await storeFeedback(t.database.db, b.projectId, [feedbackEvent({ email: 'other@example.com', comment: 'in B' })]))[0]!.id;
  });
  const triageOf = async (id: string, project: TestProject) => (await withToken(project.adminToken, 'GET', `/v1/feedback/${id}/triage`)).json();

  it('a viewer calling a write route: 403 forbidden, and nothing changes (every write route: access.test.ts)', async () => {
    const before = await triageOf(feedbackA, a);
    const response = await asPerson(cookies.viewer, 'PATCH', `/v1/feedback/${feedbackA}`, { status: 'declined' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    expect(await triageOf(feedbackA, a)).toEqual(before);
  });

  it('an admin of A on B’s ids: 404, as for ids that do not exist, and nothing changes', async () => {
    const before = await triageOf(feedbackB, b);
    const probes = [
      asPerson(cookies.admin, 'GET', `/v1/projects/${b.projectId}/members`),
      asPerson(cookies.admin, 'GET', `/v1/projects/${b.projectId}`),
      asPerson(cookies.admin, 'PATCH', `/v1/feedback/${feedbackB}`, { status: 'declined' }),
      asPerson(cookies.admin, 'PATCH', `/v1/feedback/${feedbackB}`, { status: 'declined' }, { [PROJECT_HEADER]: b.projectId }),
      asPerson(cookies.admin, 'GET', `/v1/feedback/${feedbackB}/triage`),
      asPerson(cookies.admin, 'POST', `/v1/projects/${b.projectId}/tokens`, { name: 'mine now', scopes: ['admin'] }),
      asPerson(cookies.admin, 'GET', `/v1/projects/${randomUUID()}/members`),
    ];
    for (const response of await Promise.all(probes)) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found' });
    }
    expect(await triageOf(feedbackB, b)).toEqual(before);
    expect((await withToken(b.adminToken, 'GET', `/v1/projects/${b.projectId}/tokens`)).json().tokens).toHaveLength(1);
  });

  it('a project header that is no project id: 400, not a lookup', async () => {
    for (const value of ["' or 1=1 --", `${a.projectId}, ${b.projectId}`, `${a.projectId}\r\nX-Evil: 1`]) {
      const response = await asPerson(cookies.admin, 'GET', '/v1/feedback', undefined, { [PROJECT_HEADER]: value });
      expect(response.statusCode, value).toBe(400);
      expect(response.json()).toMatchObject({ code: 'invalid_params' });
    }
  });

  it('viewers get no submitter emails (email: null); members do', async () => {
    const emails = async (cookie: string) =>
      ((await asPerson(cookie, 'GET', '/v1/feedback')).json().feedback as { id: string; email: string | null }[]).find((f) => f.id === feedbackA)?.email;
    expect(await emails(cookies.viewer)).toBeNull();
    expect(await emails(cookies.member)).toBe('submitter@example.com');
    const csv = await asPerson(cookies.viewer, 'GET', '/v1/feedback?format=csv');
    expect(csv.statusCode).toBe(403);
    expect(csv.body).not.toContain('submitter@example.com');
  });
});

describe('members', () => {
  const addMember = (cookie: string, email: string, role: string) => asPerson(cookie, 'POST', `/v1/projects/${a.projectId}/members`, { email, role });
  const roleIn = async (userId: string) =>
    ((await asPerson(cookies.owner, 'GET', `/v1/projects/${a.projectId}/members`)).json().members as { userId: string; role: string }[]).find((m) => m.userId === userId)?.role;

  it('an admin cannot make, change or remove an owner (403); an owner can', async () => {
    const person = await createPerson(t);
    const refused = await addMember(cookies.admin, person.email, 'owner');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect(await roleIn(person.userId)).toBeUndefined();

    expect((await addMember(cookies.admin, person.email, 'admin')).statusCode).toBe(201);
    const promote = await asPerson(cookies.admin, 'PATCH', `/v1/projects/${a.projectId}/members/${person.userId}`, { role: 'owner' });
    expect(promote.statusCode).toBe(403);
    expect(await roleIn(person.userId)).toBe('admin');

    expect((await asPerson(cookies.owner, 'PATCH', `/v1/projects/${a.projectId}/members/${person.userId}`, { role: 'owner' })).statusCode).toBe(200);
    expect(await roleIn(person.userId)).toBe('owner');
    for (const [method, body] of [['PATCH', { role: 'viewer' }], ['DELETE', undefined]] as const) {
      const response = await asPerson(cookies.admin, method, `/v1/projects/${a.projectId}/members/${person.userId}`, body);
      expect(response.statusCode, method).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
    }
    expect(await roleIn(person.userId)).toBe('owner');
    expect((await asPerson(cookies.owner, 'DELETE', `/v1/projects/${a.projectId}/members/${person.userId}`)).statusCode).toBe(204);
    expect(await roleIn(person.userId)).toBeUndefined();
  });

  it('an API token with the admin scope cannot make, change or remove an owner either (it is no owner)', async () => {
    // A project of its own: should the token get through, A's owner stays.
    const project = await t.project('Owners and tokens');
    const owners = [await createPerson(t, { roles: { [project.projectId]: 'owner' } }), await createPerson(t, { roles: { [project.projectId]: 'owner' } })];
    const person = await createPerson(t);
    const members = async () => (await withToken(project.adminToken, 'GET', `/v1/projects/${project.projectId}/members`)).json().members;
    const before = await members();
    for (const [method, url, body] of [
      ['POST', `/v1/projects/${project.projectId}/members`, { email: person.email, role: 'owner' }],
      ['PATCH', `/v1/projects/${project.projectId}/members/${owners[0]!.userId}`, { role: 'viewer' }],
      ['DELETE', `/v1/projects/${project.projectId}/members/${owners[1]!.userId}`, undefined],
    ] as const) {
      const response = await withToken(project.adminToken, method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
    }
    expect(await members()).toEqual(before);
  });

  it('the last owner can be neither removed nor demoted: 409 conflict', async () => {
    const project = await t.project('One owner');
    const only = await createPerson(t, { roles: { [project.projectId]: 'owner' } });
    const cookie = await signIn(t.app, only);
    const url = `/v1/projects/${project.projectId}/members/${only.userId}`;
    for (const [method, body] of [['DELETE', undefined], ['PATCH', { role: 'admin' }]] as const) {
      const response = await asPerson(cookie, method, url, body);
      expect(response.statusCode, method).toBe(409);
      expect(response.json()).toMatchObject({ code: 'conflict' });
    }
    const members = (await asPerson(cookie, 'GET', `/v1/projects/${project.projectId}/members`)).json().members;
    expect(members).toMatchObject([{ userId: only.userId, role: 'owner' }]);
  });

  it('an invitation for an unknown email: a one-time link, listed as pending', async () => {
    const email = `new-${randomUUID()}@example.com`;
    const response = await addMember(cookies.admin, email, 'member');
    expect(response.statusCode).toBe(201);
    const { member, invitation } = response.json();
    expect(member).toBeNull();
    expect(invitation.url).toMatch(new RegExp(`^${OWN_ORIGIN}/dashboard/#/link/fll_`));
    secrets.add(linkToken(invitation.url));
    const listed = (await asPerson(cookies.admin, 'GET', `/v1/projects/${a.projectId}/members`)).json().invitations;
    expect(listed).toContainEqual(expect.objectContaining({ email, role: 'member' }));
  });
});

describe('API tokens', () => {
  const create = async (body: unknown, cookie = cookies.admin) => {
    const response = await asPerson(cookie, 'POST', `/v1/projects/${a.projectId}/tokens`, body);
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as { token: string; info: { id: string; hint: string; lastUsedAt: string | null } };
    secrets.add(created.token);
    return created;
  };
  const listed = async () => (await asPerson(cookies.admin, 'GET', `/v1/projects/${a.projectId}/tokens`)).json().tokens as Record<string, unknown>[];

  it('is shown once: the list has its hint only; its last use is listed', async () => {
    const { token, info } = await create({ name: 'CI', scopes: ['read'] });
    expect(token).toMatch(/^flt_/);
    expect(token.startsWith(info.hint.replace('…', ''))).toBe(true);
    const before = await listed();
    expect(JSON.stringify(before)).not.toContain(token);
    expect(before.find((x) => x.id === info.id)).toMatchObject({ name: 'CI', scopes: ['read'], lastUsedAt: null, revokedAt: null });

    expect((await withToken(token, 'GET', '/v1/feedback')).statusCode).toBe(200);
    const after = (await listed()).find((x) => x.id === info.id)!;
    expect(after.lastUsedAt).not.toBeNull();
    expect(Date.now() - Date.parse(after.lastUsedAt as string)).toBeLessThan(60_000);
  });

  it('a revoked token: 401 from its next request on', async () => {
    const { token, info } = await create({ name: 'leaked', scopes: ['read'] });
    expect((await withToken(token, 'GET', '/v1/feedback')).statusCode).toBe(200);
    expect((await asPerson(cookies.admin, 'DELETE', `/v1/projects/${a.projectId}/tokens/${info.id}`)).statusCode).toBe(204);
    const refused = await withToken(token, 'GET', '/v1/feedback');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toEqual(expect.any(String));
    expect((await listed()).find((x) => x.id === info.id)?.revokedAt).not.toBeNull();
    // Revoking it again: it is no live token.
    expect((await asPerson(cookies.admin, 'DELETE', `/v1/projects/${a.projectId}/tokens/${info.id}`)).statusCode).toBe(404);
  });

  it('an expired token: 401; an expiry in the past is refused at creation (400)', async () => {
    const { token, info } = await create({ name: 'short-lived', scopes: ['read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await withToken(token, 'GET', '/v1/feedback')).statusCode).toBe(200);
    await t.database.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', info.id).execute();
    const refused = await withToken(token, 'GET', '/v1/feedback');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toEqual(expect.any(String));

    const past = await asPerson(cookies.admin, 'POST', `/v1/projects/${a.projectId}/tokens`, { name: 'past', scopes: ['read'], expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ code: 'invalid_body' });
  });

  it('a token with the wrong scope: 403 forbidden, and nothing changes', async () => {
    const { token } = await create({ name: 'reader', scopes: ['read'] });
    const hooks = await withToken(token, 'POST', '/v1/webhooks', { url: 'https://hooks.example.com/x' });
    expect(hooks.statusCode).toBe(403);
    expect(hooks.json()).toMatchObject({ code: 'forbidden' });
    const exported = await withToken(token, 'GET', '/v1/feedback?format=csv');
    expect(exported.statusCode).toBe(403);
    const minted = await withToken(token, 'POST', `/v1/projects/${a.projectId}/tokens`, { name: 'escalate', scopes: ['admin'] });
    expect(minted.statusCode).toBe(403);
    expect((await listed()).map((x) => x.name)).not.toContain('escalate');
    expect((await withToken(a.adminToken, 'GET', '/v1/webhooks')).json().webhooks).toEqual([]);
  });

  it('a token makes tokens that may do no more than itself: an admin token cannot mint an export or triage one', async () => {
    const { token } = await create({ name: 'administrator', scopes: ['admin'] });
    for (const scopes of [['export'], ['triage'], ['read', 'export']]) {
      const minted = await withToken(token, 'POST', `/v1/projects/${a.projectId}/tokens`, { name: `wider ${scopes.join('+')}`, scopes });
      expect(minted.statusCode, JSON.stringify(scopes)).toBe(403);
      expect(minted.json()).toMatchObject({ code: 'forbidden' });
    }
    const narrower = await withToken(token, 'POST', `/v1/projects/${a.projectId}/tokens`, { name: 'narrower', scopes: ['read'] });
    expect(narrower.statusCode).toBe(201);
    expect((await listed()).map((x) => x.name)).not.toContain('wider export');
  });

  it('a viewer and a member may not touch tokens (403); an admin of B may not see A’s (404)', async () => {
    for (const cookie of [cookies.viewer, cookies.member]) {
      const response = await asPerson(cookie, 'GET', `/v1/projects/${a.projectId}/tokens`);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
    }
    expect((await asPerson(cookies.adminOfB, 'GET', `/v1/projects/${a.projectId}/tokens`)).statusCode).toBe(404);
  });
});

describe('one-time links', () => {
  const invite = async (role = 'viewer') => {
    const email = `invitee-${randomUUID()}@example.com`;
    const response = await asPerson(cookies.admin, 'POST', `/v1/projects/${a.projectId}/members`, { email, role });
    expect(response.statusCode).toBe(201);
    const token = linkToken(response.json().invitation.url);
    secrets.add(token);
    return { email, token };
  };
  const complete = (body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/v1/links/complete', headers: { origin: OWN_ORIGIN }, payload: body });
  const inspect = (token: string) => t.app.inject({ method: 'POST', url: '/v1/links/inspect', headers: { origin: OWN_ORIGIN }, payload: { token } });
  const userCount = async () => Number((await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const expire = (token: string) =>
    t.database.db.updateTable('one_time_links').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', hashSecret(token)).execute();

  it('an invitation works once: replayed, it is 400 invalid_link and changes nothing', async () => {
    const { email, token } = await invite('member');
    expect((await inspect(token)).json()).toMatchObject({ kind: 'invite', email, projectName: 'Project A', role: 'member' });
    const password = `invitee password ${randomUUID()}`;
    secrets.add(password);
    const first = await complete({ token, password, displayName: 'Newcomer' });
    expect(first.statusCode).toBe(204);
    expect(sessionCookieOf(first)).toMatch(/^fls_/);
    const count = await userCount();

    for (const replay of [complete({ token, password: 'another password 123' }), inspect(token)]) {
      const response = await replay;
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'invalid_link' });
      expect(sessionCookieOf(response)).toBeUndefined();
    }
    expect(await userCount()).toBe(count);
    expect((await attempt(email, password, '10.0.9.1')).statusCode).toBe(204);
    expect((await attempt(email, 'another password 123', '10.0.9.1')).statusCode).toBe(401);
    const accepted = (await projectAudit()).find((e) => e.action === 'invitation.accepted');
    expect(accepted).toBeDefined();
  });

  it('an invitation to an email that got an account meanwhile joins that account, keeps its password and signs no one in', async () => {
    const { email, token } = await invite('member');
    const person = await createPerson(t, { email });
    const used = await complete({ token, password: 'an attacker’s password 123' });
    expect(used.statusCode).toBe(204);
    expect(sessionCookieOf(used)).toBeUndefined();
    const role = await t.database.db.selectFrom('memberships').select('role').where('project_id', '=', a.projectId).where('user_id', '=', person.userId).executeTakeFirst();
    expect(role).toEqual({ role: 'member' });
    expect((await attempt(email, 'an attacker’s password 123', '10.0.9.2')).statusCode).toBe(401);
    expect((await attempt(email, person.password, '10.0.9.2')).statusCode).toBe(204);
  });

  it('an expired invitation: 400 invalid_link, and no account is made', async () => {
    const { email, token } = await invite();
    await expire(token);
    const count = await userCount();
    for (const response of [await inspect(token), await complete({ token, password: 'a fine password 123' })]) {
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'invalid_link' });
    }
    expect(await userCount()).toBe(count);
    expect((await attempt(email, 'a fine password 123', '10.0.9.2')).statusCode).toBe(401);
  });

  it('a reset link works once and ends every session; replayed or expired it is 400 invalid_link', async () => {
    const person = await createPerson(t, { roles: { [a.projectId]: 'viewer' } });
    const cookie = await signIn(t.app, person);
    const reset = async () => {
      const response = await asPerson(cookies.instanceAdmin, 'POST', `/v1/users/${person.userId}/password-reset`);
      expect(response.statusCode).toBe(201);
      const token = linkToken(response.json().url);
      secrets.add(token);
      return token;
    };
    const expired = await reset();
    await expire(expired);
    const late = await complete({ token: expired, password: 'too late password' });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ code: 'invalid_link' });
    expect((await asPerson(cookie, 'GET', '/v1/me')).statusCode).toBe(200);

    const token = await reset();
    const password = `reset password ${randomUUID()}`;
    secrets.add(password);
    expect((await complete({ token, password })).statusCode).toBe(204);
    expect((await asPerson(cookie, 'GET', '/v1/me')).statusCode).toBe(401);
    const replay = await complete({ token, password: 'a replayed password' });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ code: 'invalid_link' });
    expect((await attempt(person.email, password, '10.0.9.3')).statusCode).toBe(204);
    expect((await attempt(person.email, 'a replayed password', '10.0.9.3')).statusCode).toBe(401);
  });

  it('a link used from a foreign page: 403 csrf_rejected', async () => {
    const { token } = await invite();
    const response = await t.app.inject({ method: 'POST', url: '/v1/links/complete', headers: { origin: 'https://evil.example' }, payload: { token, password: 'attacker password' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'csrf_rejected' });
    expect((await inspect(token)).statusCode).toBe(200);
  });
});

describe('hostile names', () => {
  it('hostile display names (the XSS corpus) are stored and returned verbatim, as JSON text', async () => {
    const person = await createPerson(t, { roles: { [a.projectId]: 'admin' } });
    const cookie = await signIn(t.app, person);
    for (const name of XSS_PAYLOADS) {
      const response = await asPerson(cookie, 'PATCH', '/v1/me', { displayName: name });
      if (name.length > 100) {
        expect(response.statusCode, name).toBe(400);
        expect(response.json()).toMatchObject({ code: 'invalid_body' });
        continue;
      }
      expect(response.statusCode, name).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json().user.displayName).toBe(name);
      const members = await asPerson(cookies.owner, 'GET', `/v1/projects/${a.projectId}/members`);
      expect(members.headers['content-type']).toMatch(/^application\/json/);
      expect(members.json().members.find((m: { userId: string }) => m.userId === person.userId).displayName).toBe(name);
      // The name is the actor's label of what they do next.
      const created = await asPerson(cookie, 'POST', `/v1/projects/${a.projectId}/tokens`, { name, scopes: ['read'] });
      expect(created.statusCode, name).toBe(201);
      secrets.add(created.json().token);
      const entry = (await projectAudit()).find((e) => e.action === 'token.created' && e.target?.id === created.json().info.id);
      expect(entry?.actor).toEqual({ type: 'user', id: person.userId, label: name });
      expect(entry?.changes.name).toBe(name);
    }
  });

  it('CR/LF and other control characters in a display name or a token name: 400 invalid_body, nothing stored', async () => {
    const person = await createPerson(t, { displayName: 'Plain Name', roles: { [a.projectId]: 'admin' } });
    const cookie = await signIn(t.app, person);
    const before = (await asPerson(cookies.admin, 'GET', `/v1/projects/${a.projectId}/tokens`)).json().tokens.length;
    for (const bad of ['Eve\r\nSet-Cookie: evil=1', 'Eve\nX-Evil: 1', 'Eve\u0000', 'Eve\u001b[31m', 'Eve\u007f']) {
      const renamed = await asPerson(cookie, 'PATCH', '/v1/me', { displayName: bad });
      expect(renamed.statusCode, JSON.stringify(bad)).toBe(400);
      expect(renamed.json()).toMatchObject({ code: 'invalid_body' });
      expect(renamed.headers['set-cookie']).toBeUndefined();
      const token = await asPerson(cookie, 'POST', `/v1/projects/${a.projectId}/tokens`, { name: bad, scopes: ['read'] });
      expect(token.statusCode, JSON.stringify(bad)).toBe(400);
      expect(token.json()).toMatchObject({ code: 'invalid_body' });
      const user = await asPerson(cookies.instanceAdmin, 'POST', '/v1/users', { email: `eve-${randomUUID()}@example.com`, displayName: bad });
      expect(user.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await asPerson(cookie, 'GET', '/v1/me')).json().user.displayName).toBe('Plain Name');
    expect((await asPerson(cookies.admin, 'GET', `/v1/projects/${a.projectId}/tokens`)).json().tokens).toHaveLength(before);
  });

  it('a blank display name is refused (400); an empty change changes nothing (200)', async () => {
    const person = await createPerson(t, { displayName: 'Kept Name' });
    const cookie = await signIn(t.app, person);
    const blank = await asPerson(cookie, 'PATCH', '/v1/me', { displayName: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ code: 'invalid_body' });
    const empty = await asPerson(cookie, 'PATCH', '/v1/me', {});
    expect(empty.statusCode).toBe(200);
    expect(empty.json().user.displayName).toBe('Kept Name');
    const viaAdmin = await asPerson(cookies.instanceAdmin, 'PATCH', `/v1/users/${person.userId}`, {});
    expect(viaAdmin.statusCode).toBe(200);
    expect(viaAdmin.json()).toMatchObject({ displayName: 'Kept Name', disabled: false });
  });
});

describe('the audit trail', () => {
  it('a project’s trail names the authenticated actor of member and token changes, and holds no password or token', async () => {
    const person = await createPerson(t);
    expect((await asPerson(cookies.owner, 'POST', `/v1/projects/${a.projectId}/members`, { email: person.email, role: 'viewer' })).statusCode).toBe(201);
    expect((await asPerson(cookies.admin, 'PATCH', `/v1/projects/${a.projectId}/members/${person.userId}`, { role: 'member' })).statusCode).toBe(200);
    const created = await withToken(a.adminToken, 'POST', `/v1/projects/${a.projectId}/tokens`, { name: 'from a script', scopes: ['read'] });
    expect(created.statusCode).toBe(201);
    secrets.add(created.json().token);
    expect((await asPerson(cookies.admin, 'DELETE', `/v1/projects/${a.projectId}/tokens/${created.json().info.id}`)).statusCode).toBe(204);
    expect((await asPerson(cookies.owner, 'DELETE', `/v1/projects/${a.projectId}/members/${person.userId}`)).statusCode).toBe(204);

    const events = await projectAudit();
    const find = (action: string, targetId: string) => events.find((e) => e.action === action && e.target?.id === targetId);
    expect(find('member.added', person.userId)).toMatchObject({
      actor: { type: 'user', id: people.owner.userId, label: 'Olive Owner' },
      changes: { role: { from: null, to: 'viewer' } },
    });
    expect(find('member.role_changed', person.userId)).toMatchObject({
      actor: { type: 'user', id: people.admin.userId },
      changes: { role: { from: 'viewer', to: 'member' } },
    });
    expect(find('member.removed', person.userId)).toMatchObject({ actor: { type: 'user', id: people.owner.userId } });
    const tokenCreated = find('token.created', created.json().info.id);
    expect(tokenCreated?.actor.type).toBe('token');
    expect(tokenCreated?.actor.label).toMatch(/^token test admin \(flt_/);
    expect(find('token.revoked', created.json().info.id)).toMatchObject({ actor: { type: 'user', id: people.admin.userId } });
    for (const e of events) expect(e.clientAddress === null || /\/(24|48)$/.test(e.clientAddress)).toBe(true);
    expectNoSecrets(events);

    // An actor typed into a request is ignored.
    const feedbackId = (await storeFeedback(t.database.db, a.projectId, [feedbackEvent()]))[0]!.id;
    const triaged = await asPerson(cookies.member, 'PATCH', `/v1/feedback/${feedbackId}`, { status: 'planned', actor: 'Somebody Else' }, { 'x-feedloop-actor': 'Somebody Else' });
    expect(triaged.statusCode).toBe(200);
    const trail = (await withToken(a.adminToken, 'GET', `/v1/feedback/${feedbackId}/triage`)).json();
    expect(JSON.stringify(trail)).not.toContain('Somebody Else');
    expect(JSON.stringify(trail)).toContain('Mo Member');
  });

  it('admins only: a member asking for the trail gets 403, an admin of B 404', async () => {
    const member = await asPerson(cookies.member, 'GET', `/v1/projects/${a.projectId}/audit`);
    expect(member.statusCode).toBe(403);
    expect(member.json()).toMatchObject({ code: 'forbidden' });
    expect((await asPerson(cookies.adminOfB, 'GET', `/v1/projects/${a.projectId}/audit`)).statusCode).toBe(404);
    const outsider = await asPerson(cookies.adminOfB, 'GET', '/v1/audit');
    expect(outsider.statusCode).toBe(403);
  });

  it('the instance’s trail shows sign-ins and failed sign-ins, never a password', async () => {
    const person = await createPerson(t);
    const wrong = `typo-${randomUUID()}`;
    secrets.add(wrong);
    expect((await attempt(person.email, wrong, '10.0.10.1')).statusCode).toBe(401);
    expect((await attempt(person.email, person.password, '10.0.10.1')).statusCode).toBe(204);
    const events = await instanceAudit();
    expect(events.find((e) => e.action === 'session.sign_in_failed' && e.target?.id === person.userId)).toMatchObject({
      actor: { type: 'anonymous', id: null },
      clientAddress: '10.0.10.0/24',
    });
    expect(events.find((e) => e.action === 'session.signed_in' && e.actor.id === person.userId)).toMatchObject({
      actor: { type: 'user' },
      changes: { method: 'password' },
      clientAddress: '10.0.10.0/24',
    });
    expectNoSecrets(events);
    expect(JSON.stringify(events)).not.toContain(wrong);
  });
});
