import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { KEY_HEADER, PROJECT_HEADER, type Role, type TokenScope } from '@feedloop/protocol';
import { createProject, addKey } from '../../src/services/projects/projects.js';
import { setMember } from '../../src/services/members/members.js';
import { createToken } from '../../src/services/tokens/tokens.js';
import { createWebhook } from '../../src/services/webhooks/webhooks.js';
import { projectMailSettings } from '../../src/services/mail/settings.js';
import { unsubscribeToken } from '../../src/services/mail/unsubscribe.js';
import { createPrompt } from '../../src/services/prompts/prompts.js';
import { createRule } from '../../src/services/alerts/rules.js';
import { ACCOUNTS_ENV, OWN_ORIGIN, cookieHeader, createPerson, extraSession, signIn, type Person } from '../support/accounts.js';
import { ADMIN_TOKEN, ORIGIN, exposureEvent, feedbackEvent, postEvents, startTestApp, type TestApp, type TestProject } from '../support/app.js';
import { eventually, storeFeedback } from '../support/webhook-receiver.js';

/*
 * Every operation of the OpenAPI document, called by every kind of caller, answers as the
 * issue's table of roles says: allowed callers get through (2xx; 400 where the walk sends a body
 * the route refuses, see MINIMAL_BODY), callers with too little get 403 forbidden, callers with
 * nothing get 401, and a caller of another project gets 404, as for a project that does not exist.
 */

type Permission = 'read' | 'emails' | 'triage' | 'export' | 'admin' | 'owner';
type Access = 'public' | 'browser' | 'signed-in' | 'instance' | Permission;

/** The issue's table: what each role may do in its project. */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  member: ['read', 'emails', 'triage', 'export'],
  admin: ['read', 'emails', 'triage', 'export', 'admin'],
  owner: ['read', 'emails', 'triage', 'export', 'admin', 'owner'],
};
/** What an API token's scope carries; a project's secret key is a token of read, export and triage. */
const SCOPE_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  read: ['read'],
  export: ['read', 'emails', 'export'],
  triage: ['read', 'emails', 'triage'],
  admin: ['read', 'admin'],
};
const SECRET_KEY_PERMISSIONS: readonly Permission[] = ['read', 'emails', 'triage', 'export'];

/** One use of an operation whose permission depends on the request (a list and its export). */
interface Face {
  label: string;
  access: Access;
  query?: string;
  body?: unknown;
}
/** An operation's expected access; `doc` is its x-feedloop-access when it has several faces. */
type Expected = Access | { doc: string; faces: Face[] };

/** Every operation of the API, keyed "METHOD /path" as the OpenAPI document names it. */
const TABLE: Record<string, Expected> = {
  // Operations
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',

  // Ingest and the submitter's loop: a project's public key, from its allowed origins
  'POST /v1/events': 'browser',
  'POST /v1/updates': 'browser',
  'POST /v1/updates/seen': 'browser',
  'GET /v1/prompt-document': 'browser',
  // The prompt preview's empty page (the dashboard posts the definition into its sandboxed frame)
  'GET /v1/prompt-preview': 'public',

  // Reading: viewers and up
  'GET /v1/features': 'read',
  'GET /v1/features/{feature}': 'read',
  'GET /v1/features/{feature}/compare': 'read',
  'GET /v1/experiments': 'read',
  'GET /v1/experiments/{experiment}': 'read',
  'GET /v1/feedback': {
    doc: 'read or export (format)',
    faces: [
      { label: 'JSON page', access: 'read' },
      { label: 'CSV export', access: 'export', query: 'format=csv' },
      { label: 'NDJSON export', access: 'export', query: 'format=ndjson' },
    ],
  },
  'GET /v1/feedback/{id}/triage': 'read',
  'GET /v1/releases': 'read',
  'GET /v1/report': 'read',
  'GET /v1/stream': 'read',
  'GET /v1/projects/{projectId}': 'read',
  'GET /v1/prompts/{promptId}/results': 'read',
  'GET /v1/alerts/rules': 'read',
  'GET /v1/alerts/events': 'read',
  'POST /v1/alerts/preview': 'read',
  // One's own subscriptions and digest: anyone who reads the project (a person; PERSONAL below)
  'PUT /v1/alerts/rules/{ruleId}/subscription': 'read',
  'DELETE /v1/alerts/rules/{ruleId}/subscription': 'read',
  'GET /v1/alerts/digest': 'read',
  'PUT /v1/alerts/digest': 'read',

  // Triage: members and up
  'PATCH /v1/feedback/{id}': 'triage',
  'POST /v1/feedback/bulk': 'triage',
  'POST /v1/releases': 'triage',

  // Keys and tokens, webhooks, allowed origins, settings, members up to admin, audit: admins
  'GET /v1/webhooks': 'admin',
  'POST /v1/webhooks': 'admin',
  'GET /v1/webhooks/{webhookId}': 'admin',
  'PATCH /v1/webhooks/{webhookId}': 'admin',
  'DELETE /v1/webhooks/{webhookId}': 'admin',
  'GET /v1/webhooks/{webhookId}/deliveries': 'admin',
  'POST /v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver': 'admin',
  'GET /v1/mail/settings': 'admin',
  'PATCH /v1/mail/settings': 'admin',
  'POST /v1/mail/test': 'admin',
  'GET /v1/mail/deliveries': 'admin',
  'GET /v1/mail/unsubscribes': 'admin',
  'POST /v1/alerts/rules': 'admin',
  'PATCH /v1/alerts/rules/{ruleId}': 'admin',
  'DELETE /v1/alerts/rules/{ruleId}': 'admin',
  'PATCH /v1/projects/{projectId}': {
    doc: 'admin or owner (name)',
    faces: [
      { label: 'allowed origins', access: 'admin', body: { allowedOrigins: [ORIGIN, OWN_ORIGIN] } },
      { label: 'rename', access: 'owner', body: { name: 'Project A' } },
    ],
  },
  'GET /v1/projects/{projectId}/keys': 'admin',
  'POST /v1/projects/{projectId}/keys': 'admin',
  'DELETE /v1/projects/{projectId}/keys/{keyId}': 'admin',
  'GET /v1/projects/{projectId}/members': 'admin',
  'POST /v1/projects/{projectId}/members': 'admin',
  'PATCH /v1/projects/{projectId}/members/{userId}': 'admin',
  'DELETE /v1/projects/{projectId}/members/{userId}': 'admin',
  'GET /v1/projects/{projectId}/tokens': 'admin',
  'POST /v1/projects/{projectId}/tokens': 'admin',
  'DELETE /v1/projects/{projectId}/tokens/{tokenId}': 'admin',
  'GET /v1/projects/{projectId}/audit': 'admin',
  'POST /v1/projects/{projectId}/privacy/erasures': 'admin',
  'GET /v1/projects/{projectId}/privacy/export': 'admin',
  'GET /v1/prompts': 'admin',
  'POST /v1/prompts': 'admin',
  'GET /v1/prompts/{promptId}': 'admin',
  'PATCH /v1/prompts/{promptId}': 'admin',
  'DELETE /v1/prompts/{promptId}': 'admin',
  'GET /v1/projects/{projectId}/privacy/settings': 'admin',
  'PUT /v1/projects/{projectId}/privacy/settings': 'admin',

  // Owners: delete the project (rename: above)
  'DELETE /v1/projects/{projectId}': 'owner',

  // Instance admins (and the operator's token): projects and users
  'POST /v1/projects': 'instance',
  'GET /v1/users': 'instance',
  'POST /v1/users': 'instance',
  'PATCH /v1/users/{userId}': 'instance',
  'POST /v1/users/{userId}/password-reset': 'instance',
  'GET /v1/audit': 'instance',

  // Signing in, one-time links: anyone (from the service's own pages)
  'GET /v1/session/options': 'public',
  'POST /v1/session': 'public',
  'GET /v1/sso/start': 'public',
  'GET /v1/sso/callback': 'public',
  'POST /v1/links/inspect': 'public',
  'POST /v1/links/complete': 'public',

  // A mail's unsubscribe link: anyone holding it (the token is the credential)
  'GET /v1/mail/unsubscribe': 'public',
  'POST /v1/mail/unsubscribe': 'public',

  // One's own account: a signed-in person
  'DELETE /v1/session': 'signed-in',
  'GET /v1/me': 'signed-in',
  'PATCH /v1/me': 'signed-in',
  'PUT /v1/me/password': 'signed-in',
  'GET /v1/me/sessions': 'signed-in',
  'DELETE /v1/me/sessions/{sessionId}': 'signed-in',
};

/** How each access reads in the document's `security`. */
const SECURITY: Record<string, unknown> = {
  public: undefined,
  browser: [{ publicKeyHeader: [] }, { publicKeyQuery: [] }],
  'signed-in': [{ session: [] }],
  instance: [{ session: [] }, { operatorToken: [] }],
  permission: [{ session: [] }, { token: [] }],
};

// ---------------------------------------------------------------------------------------------
// Callers

/**
 * `outsider`: a caller of project B. 'naming A': a person of B naming A in the project header;
 * 'in B': working in B (B's token, or B's person naming B) with A's ids in the path.
 */
type Who =
  | { kind: 'nobody' }
  | { kind: 'public key' }
  | { kind: 'person'; role?: Role; instanceAdmin?: boolean; outsider?: 'naming A' | 'in B' }
  | { kind: 'operator' }
  | { kind: 'token'; permissions: readonly Permission[]; outsider?: 'in B' };

interface Caller {
  name: string;
  who: Who;
  /** Credentials and project headers. */
  headers: Record<string, string>;
  /** The person behind a session (for operations that end sessions). */
  person?: Person;
  /** The session cookie's value. */
  cookie?: string;
}

type Outcome = 'allowed' | 401 | 403 | 404;

const anonymous = (who: Who) => who.kind === 'nobody' || who.kind === 'public key';
const isInstanceAdmin = (who: Who) => who.kind === 'operator' || (who.kind === 'person' && who.instanceAdmin === true);

/** Path parameters naming project A or one of its resources (B has none of A's ids, features or experiments). */
const namesProjectResource = (operation: string) => /\{\w+\}/.test(operation);

/** What the table says a caller gets from an operation needing `access`. */
function expectedOutcome(operation: string, access: Access, who: Who): Outcome {
  switch (access) {
    case 'public':
      return 'allowed';
    case 'browser':
      return who.kind === 'public key' ? 'allowed' : 401;
    case 'signed-in':
      return who.kind === 'person' ? 'allowed' : anonymous(who) ? 401 : 403;
    case 'instance':
      return isInstanceAdmin(who) ? 'allowed' : anonymous(who) ? 401 : 403;
    default: {
      if (anonymous(who)) return 401;
      if ((who.kind === 'person' || who.kind === 'token') && who.outsider) {
        if (who.outsider === 'naming A' || namesProjectResource(operation)) return 404;
      }
      if (isInstanceAdmin(who)) return 'allowed';
      const permissions = who.kind === 'person' ? ROLE_PERMISSIONS[who.role!] : who.kind === 'token' ? who.permissions : [];
      return permissions.includes(access) ? 'allowed' : 403;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The service, two projects, and a caller of every kind

let t: TestApp;
let a: TestProject;
let b: TestProject;
let doc: { paths: Record<string, Record<string, { 'x-feedloop-access'?: string; security?: unknown }>> };
let callers: Caller[];
/** Callers working in project B (also in `callers`), for A's resources by id. */
let outsiders: Caller[];
let owner: Person;
/** Real ids of project A's resources, to fill path parameters. */
const ids: Record<string, string> = {};
const HOOK_URL = 'http://127.0.0.1:9/hook';

const PROMPT = {
  name: 'Walk',
  feature: 'checkout',
  scale: 'thumbs',
  question: { en: 'How was it?' },
  when: { path: '/checkout' },
  who: { samplePercent: 10 },
} as const;

const throwaway = {
  prompt: async () => (await createPrompt(t.database.db, a.projectId, { ...PROMPT, question: { ...PROMPT.question } })).id,
  webhook: async () => (await createWebhook(t.database.db, a.projectId, { url: HOOK_URL, active: false }, { allowPrivate: true })).id,
  member: async () => (await createPerson(t, { roles: { [a.projectId]: 'viewer' } })).userId,
  user: async () => (await createPerson(t)).userId,
  rule: async () => createRule(t.database.db, a.projectId, { name: 'throwaway', kind: 'srm', paused: true }, null),
  token: async () => (await createToken(t.database.db, a.projectId, { name: 'throwaway', scopes: ['read'] }, null)).info.id,
  key: async () => (await addKey(t.database.db, a.projectId, 'public')).id,
  /** A project that its owner (and instance admins) may delete in place of A. */
  project: async () => {
    const created = await createProject(t.database.db, { name: 'Throwaway', allowedOrigins: [] });
    await setMember(t.database.db, created.projectId, owner.userId, 'owner');
    return created.projectId;
  },
};

/** What a request carries beyond the defaults: path parameters, a body, a session of its own. */
interface Plan {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  cookie?: string;
}

/**
 * Minimal bodies, and fresh resources for operations that delete or end something (so that
 * one caller's success does not change what the next one meets).
 */
const PLANS: Record<string, (caller: Caller, outcome: Outcome) => Plan | Promise<Plan>> = {
  'GET /v1/features/{feature}/compare': () => ({ query: 'release=1.0.0' }),
  'GET /v1/report': () => ({ query: `from=${daysAgo(7)}&to=${daysAgo(0)}` }),
  'POST /v1/events': () => ({ body: { events: [feedbackEvent()] } }),
  'POST /v1/updates': () => ({ body: { anonymousId: 'anon-1' } }),
  'POST /v1/updates/seen': () => ({ body: { anonymousId: 'anon-1', ids: [ids.id] } }),
  'PATCH /v1/feedback/{id}': () => ({ body: { status: 'acknowledged' } }),
  'POST /v1/feedback/bulk': () => ({ body: { ids: [ids.id], changes: { status: 'acknowledged' } } }),
  'POST /v1/releases': () => ({ body: { version: `walk-${randomUUID()}` } }),
  'POST /v1/webhooks': () => ({ body: { url: HOOK_URL, active: false } }),
  'POST /v1/prompts': () => ({ body: PROMPT }),
  'PATCH /v1/prompts/{promptId}': () => ({ body: { status: 'paused' } }),
  'DELETE /v1/prompts/{promptId}': async () => ({ params: { promptId: await throwaway.prompt() } }),
  'PATCH /v1/webhooks/{webhookId}': () => ({ body: { description: 'changed by the walk' } }),
  'DELETE /v1/webhooks/{webhookId}': async () => ({ params: { webhookId: await throwaway.webhook() } }),
  'PATCH /v1/mail/settings': () => ({ body: { notifyStatuses: ['planned', 'done'] } }),
  'POST /v1/alerts/rules': () => ({ body: { name: 'made by the walk', kind: 'keyword', params: { keywords: ['walk'] }, paused: true } }),
  'PATCH /v1/alerts/rules/{ruleId}': () => ({ body: { paused: true } }),
  'DELETE /v1/alerts/rules/{ruleId}': async () => ({ params: { ruleId: await throwaway.rule() } }),
  'POST /v1/alerts/preview': () => ({ body: { kind: 'srm' } }),
  'PUT /v1/alerts/digest': () => ({ body: { frequency: 'weekly', hour: 8, timeZone: 'Europe/Berlin' } }),
  'POST /v1/mail/test': () => ({ body: { to: 'walk@example.com' } }),
  'GET /v1/mail/unsubscribe': () => ({ query: `token=${ids.unsubscribeToken}` }),
  'POST /v1/mail/unsubscribe': () => ({ query: `token=${ids.unsubscribeToken}` }),
  'POST /v1/projects': () => ({ body: { name: 'Made by the walk' } }),
  'DELETE /v1/projects/{projectId}': async (_caller, outcome) => (outcome === 'allowed' ? { params: { projectId: await throwaway.project() } } : {}),
  'POST /v1/projects/{projectId}/keys': () => ({ body: { kind: 'public' } }),
  'POST /v1/projects/{projectId}/privacy/erasures': () => ({ body: { userId: `walk-${randomUUID()}` } }),
  'GET /v1/projects/{projectId}/privacy/export': () => ({ query: 'userId=walk' }),
  'DELETE /v1/projects/{projectId}/keys/{keyId}': async () => ({ params: { keyId: await throwaway.key() } }),
  'POST /v1/projects/{projectId}/members': () => ({ body: { email: `invited-${randomUUID()}@example.com`, role: 'viewer' } }),
  'PATCH /v1/projects/{projectId}/members/{userId}': async () => ({ params: { userId: await throwaway.member() }, body: { role: 'member' } }),
  'DELETE /v1/projects/{projectId}/members/{userId}': async () => ({ params: { userId: await throwaway.member() } }),
  'POST /v1/projects/{projectId}/tokens': () => ({ body: { name: 'made by the walk', scopes: ['read'] } }),
  'PUT /v1/projects/{projectId}/privacy/settings': () => ({
    body: { extraPatterns: [], dropMetadataKeys: [], emailsInComments: 'keep', phonesInComments: 'keep', urlQueryStrings: 'keep' },
  }),
  'DELETE /v1/projects/{projectId}/tokens/{tokenId}': async () => ({ params: { tokenId: await throwaway.token() } }),
  'POST /v1/users': () => ({ body: { email: `user-${randomUUID()}@example.com` } }),
  'PATCH /v1/users/{userId}': async () => ({ params: { userId: await throwaway.user() }, body: { displayName: 'Renamed by the walk' } }),
  // Minimal bodies (MINIMAL_BODY).
  'POST /v1/session': () => ({ body: {} }),
  'POST /v1/links/inspect': () => ({ body: { token: `fll_${'x'.repeat(43)}` } }),
  'POST /v1/links/complete': () => ({ body: {} }),
  'PATCH /v1/me': () => ({ body: {} }),
  'PUT /v1/me/password': () => ({ body: {} }),
  // Ending a session: a session of the caller's own, not the one the walk goes on with.
  'DELETE /v1/session': async (caller) => (caller.person ? { cookie: (await extraSession(t, caller.person.userId)).cookie } : {}),
  'DELETE /v1/me/sessions/{sessionId}': async (caller) => ({
    params: { sessionId: (await extraSession(t, (caller.person ?? owner).userId)).sessionId },
  }),
};

const STREAMS = new Set(['GET /v1/stream']);
/** Single sign-on is not configured in this app: its routes answer 404 to everyone (sso.test.ts runs them configured). */
const UNCONFIGURED = new Set(['GET /v1/sso/start', 'GET /v1/sso/callback']);
/** Sent a body the route refuses (400): a real sign-in, link or password change costs an Argon2 hash per call. */
/**
 * About the caller's own person (alert subscriptions, the digest): allowed by the permission,
 * but a token, a key or the operator is nobody to mail: 400 person_required.
 */
const PERSONAL = new Set([
  'PUT /v1/alerts/rules/{ruleId}/subscription',
  'DELETE /v1/alerts/rules/{ruleId}/subscription',
  'GET /v1/alerts/digest',
  'PUT /v1/alerts/digest',
]);
const MINIMAL_BODY = new Set(['POST /v1/session', 'POST /v1/links/inspect', 'POST /v1/links/complete', 'PUT /v1/me/password']);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Sends one operation as one caller; the status and the error code, if any. */
async function call(operation: string, caller: Caller, plan: Plan, face?: Face, access?: Access) {
  const [method, path] = operation.split(' ') as [InjectOptions['method'], string];
  const params = { ...ids, ...plan.params };
  const url =
    path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`no value for {${name}} in ${operation}`);
      return encodeURIComponent(value);
    }) + (face?.query || plan.query ? `?${face?.query ?? plan.query}` : '');
  const headers: Record<string, string> = { ...caller.headers };
  if (plan.cookie) headers.cookie = cookieHeader(plan.cookie);
  // A browser names the page's origin on writes; bearer credentials need no origin, except where
  // the route refuses every foreign request (sign-in, one-time links).
  const fromPage = caller.cookie !== undefined || caller.who.kind === 'public key' || access === 'public';
  if (method !== 'GET' && fromPage) headers.origin = OWN_ORIGIN;
  const body = face?.body ?? plan.body;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const options: InjectOptions = { method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) };
  if (!STREAMS.has(operation)) {
    const response = await t.app.inject(options);
    return { status: response.statusCode, code: codeOf(response.body) };
  }
  // A live stream never ends: read its status, then hang up (or read the error).
  const response = (await t.app.inject({ ...options, payloadAsStream: true } as InjectOptions)) as LightMyRequestResponse & { stream(): NodeJS.ReadableStream };
  const stream = response.stream() as NodeJS.ReadableStream & { destroy(): void };
  if (response.statusCode === 200) {
    stream.destroy();
    return { status: 200, code: undefined };
  }
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return { status: response.statusCode, code: codeOf(text) };
}

function codeOf(body: string): string | undefined {
  try {
    const value = JSON.parse(body) as { code?: unknown };
    return typeof value?.code === 'string' ? value.code : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an answer is what the table says; a sentence saying why not, otherwise. */
function judge(operation: string, outcome: Outcome, access: Access, got: { status: number; code: string | undefined }, who?: Who): string | undefined {
  const seen = `got ${got.status} ${got.code ?? ''}`.trim();
  if (got.status >= 500) return `expected ${outcome}, ${seen}`;
  if (outcome === 'allowed') {
    if (PERSONAL.has(operation) && who !== undefined && who.kind !== 'person') {
      return got.status === 400 && got.code === 'person_required' ? undefined : `expected 400 person_required, ${seen}`;
    }
    if (got.status >= 200 && got.status < 300) return undefined;
    if (MINIMAL_BODY.has(operation) && got.status === 400) return undefined;
    if (UNCONFIGURED.has(operation) && got.status === 404 && got.code === 'not_found') return undefined;
    return `expected to be allowed, ${seen}`;
  }
  const code = outcome === 401 ? (access === 'browser' ? 'unknown_key' : 'unauthorized') : outcome === 403 ? 'forbidden' : 'not_found';
  return got.status === outcome && got.code === code ? undefined : `expected ${outcome} ${code}, ${seen}`;
}

beforeAll(async () => {
  // Mail on (to a port where nothing listens: test mails are queued, and fail later, quietly).
  t = await startTestApp({
    ...ACCOUNTS_ENV,
    FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: 'true',
    FEEDLOOP_SMTP_URL: 'smtp://127.0.0.1:9',
    FEEDLOOP_MAIL_FROM: 'walk@feedloop.example.com',
  });
  a = await t.project('Project A', [ORIGIN, OWN_ORIGIN]);
  b = await t.project('Project B', [ORIGIN, OWN_ORIGIN]);
  doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();

  // Project A's resources, so that path parameters name real things.
  const hook = await createWebhook(t.database.db, a.projectId, { url: HOOK_URL, events: ['feedback.created'] }, { allowPrivate: true });
  ids.webhookId = hook.id;
  const [feedback] = await storeFeedback(t.database.db, a.projectId, [feedbackEvent({ email: 'submitter@example.com', comment: 'hello' })]);
  ids.id = feedback!.id;
  const delivery = await eventually(async () => {
    const row = await t.database.db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', hook.id).executeTakeFirst();
    expect(row).toBeDefined();
    return row!;
  });
  ids.deliveryId = delivery.id;
  const accepted = await postEvents(t.app, a.publicKey, [
    exposureEvent(),
    feedbackEvent({ experiments: { 'checkout-button': 'green' } }),
  ]);
  expect(accepted.json().accepted).toBe(2);
  const release = await t.app.inject({ method: 'POST', url: '/v1/releases', headers: { authorization: `Bearer ${a.secretKey}` }, payload: { version: '1.0.0' } });
  expect(release.statusCode).toBe(201);
  ids.projectId = a.projectId;
  ids.unsubscribeToken = unsubscribeToken(a.projectId, (await projectMailSettings(t.database.db, a.projectId)).secret, 'walk@example.com');
  ids.feature = 'checkout';
  ids.experiment = 'checkout-button';
  ids.ruleId = await createRule(t.database.db, a.projectId, { name: 'walk rule', kind: 'srm', paused: true }, null);
  ids.keyId = await throwaway.key();
  ids.tokenId = await throwaway.token();
  ids.userId = await throwaway.member();
  ids.promptId = await throwaway.prompt();

  // People: one per role in A, an instance admin, and an admin of B.
  const people = {} as Record<Role | 'instanceAdmin' | 'adminOfB', Person>;
  for (const role of ['viewer', 'member', 'admin', 'owner'] as const) people[role] = await createPerson(t, { roles: { [a.projectId]: role } });
  people.instanceAdmin = await createPerson(t, { instanceAdmin: true });
  people.adminOfB = await createPerson(t, { roles: { [b.projectId]: 'admin' } });
  owner = people.owner;
  // Signed in once each through POST /v1/session: real cookies, one Argon2 check per person.
  const cookies = {} as Record<keyof typeof people, string>;
  for (const [name, person] of Object.entries(people)) cookies[name as keyof typeof people] = await signIn(t.app, person);

  const person = (name: keyof typeof people, label: string, who: Who, projectId = a.projectId): Caller => ({
    name: label,
    who,
    person: people[name],
    cookie: cookies[name],
    headers: { cookie: cookieHeader(cookies[name]), [PROJECT_HEADER]: projectId },
  });
  const bearer = (name: string, who: Who, secret: string, extra: Record<string, string> = {}): Caller => ({
    name,
    who,
    headers: { authorization: `Bearer ${secret}`, ...extra },
  });
  const tokenOf = async (project: TestProject, scopes: TokenScope[]) =>
    (await createToken(t.database.db, project.projectId, { name: scopes.join('+'), scopes }, null)).token;

  callers = [
    { name: 'no credentials', who: { kind: 'nobody' }, headers: {} },
    { name: "A's public key", who: { kind: 'public key' }, headers: { [KEY_HEADER]: a.publicKey } },
    person('viewer', 'viewer of A (session)', { kind: 'person', role: 'viewer' }),
    person('member', 'member of A (session)', { kind: 'person', role: 'member' }),
    person('admin', 'admin of A (session)', { kind: 'person', role: 'admin' }),
    person('owner', 'owner of A (session)', { kind: 'person', role: 'owner' }),
    person('instanceAdmin', 'instance admin (session)', { kind: 'person', instanceAdmin: true }),
    bearer('operator token', { kind: 'operator' }, ADMIN_TOKEN, { [PROJECT_HEADER]: a.projectId }),
    ...(await Promise.all(
      (['read', 'export', 'triage', 'admin'] as const).map(async (scope) =>
        bearer(`token of A (${scope})`, { kind: 'token', permissions: SCOPE_PERMISSIONS[scope] }, await tokenOf(a, [scope])),
      ),
    )),
    bearer("A's secret key", { kind: 'token', permissions: SECRET_KEY_PERMISSIONS }, a.secretKey),
    person('adminOfB', 'admin of B (session, naming A)', { kind: 'person', role: 'admin', outsider: 'naming A' }),
  ];
  outsiders = [
    person('adminOfB', 'admin of B (session, naming B)', { kind: 'person', role: 'admin', outsider: 'in B' }, b.projectId),
    bearer(
      'token of B (every scope)',
      { kind: 'token', permissions: ['read', 'emails', 'triage', 'export', 'admin'], outsider: 'in B' },
      await tokenOf(b, ['read', 'export', 'triage', 'admin']),
    ),
  ];
  callers.push(...outsiders);
}, 60_000);
afterAll(() => t?.close());

const operationsOf = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );

describe('the OpenAPI document and the table', () => {
  it('name the same operations', () => {
    const documented = operationsOf().map((o) => o.key).sort();
    expect(documented.filter((key) => !(key in TABLE)), 'operations missing from the table').toEqual([]);
    expect(Object.keys(TABLE).filter((key) => !documented.includes(key)), 'operations the document lacks').toEqual([]);
  });

  it('agree on the access of every operation (x-feedloop-access and security)', () => {
    const disagreements: string[] = [];
    for (const { key, operation } of operationsOf()) {
      const expected = TABLE[key];
      if (expected === undefined) continue;
      const label = typeof expected === 'string' ? expected : expected.doc;
      if (operation['x-feedloop-access'] !== label) disagreements.push(`${key}: x-feedloop-access ${JSON.stringify(operation['x-feedloop-access'])}, the table says ${label}`);
      const accesses = typeof expected === 'string' ? [expected] : expected.faces.map((f) => f.access);
      const kind = (access: Access) => (['public', 'browser', 'signed-in', 'instance'].includes(access) ? access : 'permission');
      const security = SECURITY[kind(accesses[0]!)];
      if (JSON.stringify(operation.security) !== JSON.stringify(security)) {
        disagreements.push(`${key}: security ${JSON.stringify(operation.security)}, expected ${JSON.stringify(security)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('every operation, with every caller', () => {
  interface Case {
    key: string;
    access: Access;
    face: Face | undefined;
  }
  const cases = Object.entries(TABLE).flatMap(([key, expected]): Case[] =>
    typeof expected === 'string' ? [{ key, access: expected, face: undefined }] : expected.faces.map((face) => ({ key, access: face.access, face })),
  );

  it.each(cases.map((c) => [`${c.key}${c.face ? ` (${c.face.label})` : ''}: ${c.access}`, c] as const))('%s', async (_name, { key, access, face }) => {
    const mismatches: string[] = [];
    for (const caller of callers) {
      const outcome = expectedOutcome(key, access, caller.who);
      const plan = await (PLANS[key]?.(caller, outcome) ?? {});
      const got = await call(key, caller, plan, face, access);
      const problem = judge(key, outcome, access, got, caller.who);
      if (problem) mismatches.push(`${caller.name}: ${problem}`);
    }
    expect(mismatches).toEqual([]);
  });

  // B's own project in the path, one of A's resources in the rest: the same 404 as for an id
  // that does not exist (the walk above sends A's project in the path).
  const inBsPath = cases.filter((c) => c.key.includes('{projectId}/') && /\}\/\w+\/\{\w+\}/.test(c.key));
  it.each(inBsPath.map((c) => [c.key, c] as const))('%s, in B’s path with A’s resource: 404', async (_name, { key, access, face }) => {
    const mismatches: string[] = [];
    for (const caller of outsiders) {
      const plan = await (PLANS[key]?.(caller, 404) ?? {});
      const got = await call(key, caller, { ...plan, params: { ...plan.params, projectId: b.projectId } }, face, access);
      const problem = judge(key, 404, access, got);
      if (problem) mismatches.push(`${caller.name}: ${problem}`);
    }
    expect(mismatches).toEqual([]);
  });
});
