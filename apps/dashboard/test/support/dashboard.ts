/**
 * What every dashboard browser suite shares: a service with a seeded project, one Chromium, a
 * fresh context per page (closed after each test), signing in, and the axe-core audit.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, openPage } from '../../../../packages/widget/test/support/browser.js';
import { listen, startTestApp, type TestApp } from '../../../server/test/support/app.js';
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

export interface Dashboard {
  t: TestApp;
  base: string;
  keys: { publicKey: string; secretKey: string };
  /** The dashboard at `path` (e.g. `#/report`) in a new context, not signed in; the last one is closed. */
  open(path?: string, options?: OpenOptions): Promise<Opened>;
  /** Signs in on the sign-in form; `name` (the audit trail's actor) may be left empty. */
  signIn(page: Page, name?: string): Promise<void>;
  /** `open` and `signIn` as "Ada Tester", once the first page's heading shows. */
  signedIn(path?: string, options?: OpenOptions): Promise<Opened>;
}

/** Registers the suite's hooks; the fields are ready from the first test on. */
export function useDashboard(
  project: string,
  seed: (app: TestApp['app'], keys: { publicKey: string; secretKey: string }) => Promise<unknown>,
  env: Record<string, string> = {},
): Dashboard {
  let browser: Browser;
  let context: BrowserContext | undefined;

  const dashboard: Dashboard = {
    t: undefined as unknown as TestApp,
    base: '',
    keys: { publicKey: '', secretKey: '' },
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
    async signIn(page, name) {
      await page.getByLabel('Secret key').fill(dashboard.keys.secretKey);
      if (name) await page.getByLabel(/Your name/).fill(name);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    async signedIn(path = '', options = {}) {
      const opened = await dashboard.open(path, options);
      await dashboard.signIn(opened.page, 'Ada Tester');
      await opened.page.locator('main h1').first().waitFor();
      return opened;
    },
  };

  beforeAll(async () => {
    dashboard.t = await startTestApp({ FEEDLOOP_EVENT_MAX_AGE_HOURS: MAX_AGE_HOURS, ...env });
    dashboard.base = await listen(dashboard.t);
    dashboard.keys = await dashboard.t.project(project);
    await seed(dashboard.t.app, dashboard.keys);
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
