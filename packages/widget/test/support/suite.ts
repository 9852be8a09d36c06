/**
 * The fixtures of a suite of browser tests, started before its tests and stopped after them, so
 * that each test file states only what it tests. Call inside a `describeInChromium` body; the
 * fields are set in `beforeAll`, so read them in tests and hooks, not at collection time.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { listen, startTestApp, type TestApp } from '../../../../apps/server/test/support/app.js';
import { launchChromium, openPage } from './browser.js';
import { startIngest, type RunningIngest } from './ingest.js';
import { hostPage, startStaticServer, type StaticServer } from './static-server.js';
import { snippetConfig } from './widget-page.js';

export interface OpenedPage {
  page: Page;
  /** Page errors, console errors and CSP violations (see `openPage`). */
  problems: string[];
  context: BrowserContext;
}

type Prepare = (context: BrowserContext) => Promise<unknown>;

export interface BrowserFixtures {
  browser: Browser;
  /** A new context, closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** `url` in a new context (closed after the test); `prepare` sets the context up first (init scripts, routes…). */
  open(url: string, options?: BrowserContextOptions, prepare?: Prepare): Promise<OpenedPage>;
}

/** Chromium for the suite, and the contexts of each test closed after it. */
function useBrowser(fixtures: BrowserFixtures, start: () => Promise<void>, stop: () => Promise<void>): void {
  const contexts: BrowserContext[] = [];
  fixtures.newContext = async (options) => {
    const context = await fixtures.browser.newContext(options);
    contexts.push(context);
    return context;
  };
  fixtures.open = async (url, options, prepare) => {
    const context = await fixtures.newContext(options);
    await prepare?.(context);
    return { ...(await openPage(context, url)), context };
  };
  beforeAll(async () => {
    await start();
    fixtures.browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await fixtures.browser?.close();
    await stop();
  });
}

export interface WidgetFixtures extends BrowserFixtures {
  /** The host site (test pages, the built widget at /widget/). */
  site: StaticServer;
  /** The real service, with a project whose allowed origin is the site. */
  ingest: RunningIngest;
  /** A page of the site (`path`) in a new context. */
  open(path: string, options?: BrowserContextOptions, prepare?: Prepare): Promise<OpenedPage>;
  /**
   * Serves at `path` a host page embedding the script-tag widget with the project's key and the
   * service as endpoint (`dataset` adds or overrides attributes); `config` becomes `feedloop.config`,
   * `headers` are the page's response headers.
   */
  embed(
    path: string,
    dataset?: Record<string, string>,
    page?: { config?: Record<string, unknown>; head?: string; body?: string; headers?: Record<string, string> },
  ): void;
  /** Feedback rows stored for a feature. */
  storedFor(feature: string): Promise<Record<string, unknown>[]>;
}

/** The host site, the real service and Chromium; with `npm`, the npm packages served too (`serveNpmPackages`). */
export function widgetSuite({ npm = false }: { npm?: boolean } = {}): WidgetFixtures {
  const fixtures = {} as WidgetFixtures;
  useBrowser(
    fixtures,
    async () => {
      fixtures.site = await startStaticServer();
      if (npm) serveNpmPackages(fixtures.site);
      fixtures.ingest = await startIngest(fixtures.site.origin);
    },
    async () => {
      await fixtures.ingest?.close();
      await fixtures.site?.close();
    },
  );
  const openUrl = fixtures.open;
  fixtures.open = (path, options, prepare) => openUrl(`${fixtures.site.origin}${path}`, options, prepare);
  fixtures.embed = (path, dataset = {}, { config, head = '', body, headers } = {}) =>
    void fixtures.site.pages.set(path, {
      headers,
      body: hostPage({
        head: (config ? snippetConfig(config) : '') + head,
        dataset: { key: fixtures.ingest.publicKey, endpoint: fixtures.ingest.url, ...dataset },
        body,
      }),
    });
  fixtures.storedFor = async (feature) => (await fixtures.ingest.stored('feedback')).filter((row) => row.feature == feature);
  return fixtures;
}

export interface DemoFixtures extends BrowserFixtures {
  /** The service as `pnpm start` runs it, with the demo project and page. */
  t: TestApp;
  /** Its base URL; the demo page is at `${base}/demo/`. */
  base: string;
}

/** The service with the demo page (apps/demo), listening, and Chromium. */
export function demoSuite(): DemoFixtures {
  const fixtures = {} as DemoFixtures;
  useBrowser(
    fixtures,
    async () => {
      fixtures.t = await startTestApp({}, { demo: true });
      fixtures.base = await listen(fixtures.t);
    },
    async () => {
      await fixtures.t?.close();
    },
  );
  return fixtures;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const PREACT = `${dirname(createRequire(import.meta.url).resolve('preact/package.json'))}/`;

/**
 * The npm packages as an app's bundler would see them: plain ESM with bare imports (preact is
 * imported, not inlined), resolved by the import map of `npmPage` instead of a bundler.
 */
export function serveNpmPackages(site: StaticServer): void {
  site.mounts.set('/npm/widget/', here('../../lib/'));
  site.mounts.set('/npm/sdk/', here('../../../sdk/dist/'));
  site.mounts.set('/npm/protocol/', here('../../../protocol/dist/'));
  site.mounts.set('/npm/preact/', PREACT);
}

const NPM_IMPORTS = {
  preact: '/npm/preact/dist/preact.module.js',
  'preact/hooks': '/npm/preact/hooks/dist/hooks.module.js',
  'preact/jsx-runtime': '/npm/preact/jsx-runtime/dist/jsxRuntime.module.js',
  '@feedloop/sdk': '/npm/sdk/index.js',
  '@feedloop/protocol/limits': '/npm/protocol/limits.js',
  '@feedloop/protocol/vocabulary': '/npm/protocol/vocabulary.js',
  '@feedloop/protocol/http': '/npm/protocol/http.js',
};

/** An app page whose module script has `createClient` and `mountWidget` imported, then runs `script`. */
export const npmPage = ({ lang, script }: { lang: string; script: string }) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>npm</title>
<script type="importmap">${JSON.stringify({ imports: NPM_IMPORTS })}</script>
<script type="module">
import { createClient } from '@feedloop/sdk';
import { mountWidget } from '/npm/widget/index.js';
${script}
</script></head><body><main><h1>App</h1></main></body></html>`;
