/**
 * What every dashboard browser suite shares: a service with a seeded project and a person who
 * owns it (Ada Tester, with a password), one Chromium, a fresh context per page (closed after
 * each test), signing in on the page's form, and the axe-core audit.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SESSION_COOKIE } from '@feedloop/protocol/http';
import type { Role } from '@feedloop/protocol/vocabulary';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, openPage } from '../../../../packages/widget/test/support/browser.js';
import { listen, startTestApp, type TestApp } from '../../../server/test/support/app.js';
import { aggregated } from '../../../server/test/support/verify.js';
import { hashPassword } from '../../../server/src/services/accounts/passwords.js';
import { createUser } from '../../../server/src/services/accounts/users.js';
import { setMember } from '../../../server/src/services/members/members.js';
import { MAX_AGE_HOURS } from './seed.js';

export const SCREENSHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
// Injected through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is now, one line each (empty: none). */
export async function audit(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o?: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    return axe.run({ resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/** What hostile text would have made if it had become markup (see `injected`). */
export const NOTHING_INJECTED = { xss: null, elements: 0, handlers: 0, javascriptLinks: 0 };

/**
 * Traces of hostile markup below `root`: what the corpus's scripts set (`window.__xss`), elements
 * the payloads would create, event-handler attributes and script-carrying links.
 */
export function injected(page: Page, root = '#app'): Promise<typeof NOTHING_INJECTED> {
  const tags = ['img', 'script', 'iframe', 'object', 'embed', 'svg:not([class])', 'b', 'style', 'link', 'meta', 'math', 'form[action]', 'input[autofocus]', 'details[ontoggle]'];
  return page.evaluate((selector) => ({
    xss: ((window as unknown as { __xss?: unknown }).__xss ?? null) as null,
    elements: document.querySelectorAll(selector).length,
    handlers: document.querySelectorAll('[onerror], [onload], [ontoggle], [onfocus], [onclick]').length,
    javascriptLinks: document.querySelectorAll('a[href^="javascript:" i], [formaction], iframe[srcdoc]').length,
  }), tags.map((tag) => `${root} ${tag}`).join(', '));
}

/**
 * The end of a hostile-text test: nothing the corpus carried ran or was built, no dialog opened,
 * nothing was requested from elsewhere, and the console stayed clean.
 */
export async function expectNothingRan({ page, dialogs, foreign, problems }: Pick<Opened, 'page' | 'dialogs' | 'foreign' | 'problems'>): Promise<void> {
  expect(await injected(page)).toEqual(NOTHING_INJECTED);
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
  expect(problems).toEqual([]);
}

/**
 * What a page did besides rendering: console errors, page errors and CSP violations (`problems`),
 * requests to anywhere but the service (`foreign`), every request's URL (`requests`) and dialogs
 * (`dialogs`, dismissed).
 */
export interface Opened {
  page: Page;
  problems: string[];
  foreign: string[];
  requests: string[];
  dialogs: string[];
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  /** Default 1440×900. */
  viewport?: { width: number; height: number };
  /** Runs on the new context before the page loads (to route requests, say). */
  prepare?: (context: BrowserContext) => Promise<unknown>;
}

/** A person with a password, as the tests sign in. */
export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
}

export interface NewUser {
  displayName: string;
  /** Default: made from the display name's letters and a counter. */
  email?: string;
  /** Their role in `projectId` (default 'member'); null: no membership. */
  role?: Role | null;
  /** Default: the suite's project. */
  projectId?: string;
  instanceAdmin?: boolean;
}

export interface Dashboard {
  t: TestApp;
  base: string;
  keys: { publicKey: string; secretKey: string };
  /** The suite's project. */
  projectId: string;
  /** An API token of the project with every scope (admin included, which the secret key lacks). */
  adminToken: string;
  /** Ada Tester, owner of the suite's project: whom `signedIn` signs in as. */
  user: TestUser;
  /** A new account with a password (through the service's own functions), with a membership. */
  addUser(user: NewUser): Promise<TestUser>;
  /** A session of `user` started through the API (another browser, say): its Cookie header value. */
  sessionOf(user: TestUser, userAgent?: string): Promise<string>;
  /** The dashboard at `path` (e.g. `#/report`) in a new context, not signed in; the last one is closed. */
  open(path?: string, options?: OpenOptions): Promise<Opened>;
  /** Signs in on the sign-in form (email and password), as Ada Tester unless told. */
  signIn(page: Page, user?: TestUser): Promise<void>;
  /** `open` and `signIn` (as Ada Tester unless told), once signed in and the first page's heading shows. */
  signedIn(path?: string, options?: OpenOptions, user?: TestUser): Promise<Opened>;
}

/** Every test person's password (long enough for the service's minimum). */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Registers the suite's hooks; the fields are ready from the first test on. */
export function useDashboard(
  project: string,
  seed: (app: TestApp['app'], keys: { publicKey: string; secretKey: string }) => Promise<unknown>,
  env: Record<string, string> = {},
): Dashboard {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let users = 0;

  const dashboard: Dashboard = {
    t: undefined as unknown as TestApp,
    base: '',
    keys: { publicKey: '', secretKey: '' },
    projectId: '',
    adminToken: '',
    user: undefined as unknown as TestUser,
    async addUser({ displayName, email, role = 'member', projectId = dashboard.projectId, instanceAdmin = false }) {
      const address = email ?? `${displayName.replace(/[^a-z]/gi, '').toLowerCase().slice(0, 20) || 'user'}-${++users}@example.com`;
      const row = await createUser(dashboard.t.database.db, {
        email: address,
        displayName,
        instanceAdmin,
        passwordHash: await hashPassword(TEST_PASSWORD),
      });
      if (role) await setMember(dashboard.t.database.db, projectId, row.id, role);
      return { id: row.id, email: row.email, password: TEST_PASSWORD, displayName: row.display_name };
    },
    async sessionOf(user, userAgent = 'Test client') {
      const response = await fetch(`${dashboard.base}/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: dashboard.base, 'user-agent': userAgent },
        body: JSON.stringify({ email: user.email, password: user.password }),
      });
      expect(response.status, await response.clone().text()).toBe(204);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
      return cookie!.split(';')[0]!;
    },
    async open(path = '', options = {}) {
      await context?.close();
      context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
      const foreign: string[] = [];
      const requests: string[] = [];
      const dialogs: string[] = [];
      context.on('request', (request) => {
        requests.push(request.url());
        if (new URL(request.url()).origin !== dashboard.base) foreign.push(request.url());
      });
      await options.prepare?.(context);
      context.on('page', (page) =>
        page.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        }),
      );
      const { page, problems } = await openPage(context, `${dashboard.base}/dashboard/${path}`);
      return { page, problems, foreign, requests, dialogs };
    },
    async signIn(page, user = dashboard.user) {
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    },
    async signedIn(path = '', options = {}, user = dashboard.user) {
      const opened = await dashboard.open(path, options);
      await dashboard.signIn(opened.page, user);
      await opened.page.getByRole('button', { name: 'Sign out' }).waitFor();
      await opened.page.locator('main h1').first().waitFor();
      return opened;
    },
  };

  beforeAll(async () => {
    dashboard.t = await startTestApp({ FEEDLOOP_EVENT_MAX_AGE_HOURS: MAX_AGE_HOURS, ...env });
    dashboard.base = await listen(dashboard.t);
    const created = await dashboard.t.project(project);
    dashboard.keys = { publicKey: created.publicKey, secretKey: created.secretKey };
    dashboard.projectId = created.projectId;
    dashboard.adminToken = created.adminToken;
    dashboard.user = await dashboard.addUser({ displayName: 'Ada Tester', email: 'ada@example.com', role: 'owner' });
    await seed(dashboard.t.app, dashboard.keys);
    // The pages read aggregates: every seeded event is in them before the first page opens.
    await aggregated(dashboard.t.database.db);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard.t?.close();
  });
  return dashboard;
}
