/**
 * The widget's byte budget, as the browser fetches it (issue 16): a plain host page with the
 * script tag in Chromium, the widget's files served gzip-compressed as a production server serves
 * them, and every script response of the widget recorded from the network. The figures are written
 * to packages/widget/size-report.json, which `pnpm size` (scripts/size.mjs) prints; it checks that
 * the report measured the files now in dist/.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { BUDGETS, REPORT, type Scenario, type SizeReport } from '../scripts/budgets.mjs';
import { describeInChromium } from './support/browser.js';
import { WIDGET_DIST } from './support/static-server.js';
import { widgetSuite } from './support/suite.js';

interface Fetched {
  file: string;
  /** The response body's bytes on the wire (gzip), headers excluded. */
  bytes: number;
  contentLength: number;
  encoding: string | undefined;
}

describeInChromium('byte budget of the script-tag widget, as the browser fetches it', () => {
  const suite = widgetSuite();
  const scenarios: Scenario[] = [];

  /**
   * Records every script of the widget the context fetches. The size of one is what Chromium
   * counted on the wire for the response body: Playwright's `sizes().responseBodySize`, which is
   * CDP's `Network.loadingFinished.encodedDataLength` (all bytes received for the request) less
   * the size of the raw response headers, so the gzip body as served, before decompression, and
   * not the headers, which depend on the server. It is checked against the Content-Length the
   * server sent, and the body must be gzip: a cached or uncompressed response would not be
   * what a first visit costs. Each scenario runs in a new context: empty cache, empty storage.
   */
  function recordScripts(context: BrowserContext) {
    const started = new Set<Request>();
    const fetched: Promise<Fetched>[] = [];
    const failed: string[] = [];
    const ours = (request: Request) => {
      const url = new URL(request.url());
      return url.origin == suite.site.origin && /^\/widget\/[^/]+\.js$/.test(url.pathname) && url.pathname.slice('/widget/'.length);
    };
    context.on('request', (request) => void (ours(request) && started.add(request)));
    context.on('requestfailed', (request) => void (ours(request) && failed.push(request.url())));
    context.on('requestfinished', (request) => {
      const file = ours(request);
      if (!file) return;
      fetched.push(
        (async () => {
          const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
          const headers = await response!.allHeaders();
          return { file, bytes: sizes.responseBodySize, contentLength: Number(headers['content-length']), encoding: headers['content-encoding'] };
        })(),
      );
    });
    return {
      /**
       * Waits until the page is idle and every request of the widget it started is over, as many
       * times as it takes for an idle period to start no new one (a chunk imported when idle may
       * schedule more for the next idle period).
       */
      async settle(page: Page) {
        for (let seen = -1; seen != started.size; ) {
          seen = started.size;
          await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve))));
          await expect.poll(() => fetched.length + failed.length, { timeout: 10_000 }).toBe(started.size);
        }
        expect(failed).toEqual([]);
      },
      async files() {
        const all = await Promise.all(fetched);
        for (const one of all) {
          expect(one.encoding, one.file).toBe('gzip');
          expect(one.bytes, one.file).toBe(one.contentLength);
        }
        return all;
      },
    };
  }

  async function measure(name: keyof typeof BUDGETS, path: string, run: (page: Page, settle: () => Promise<void>) => Promise<void>, context?: BrowserContext) {
    const own = context ?? (await suite.newContext());
    const recorder = recordScripts(own);
    const page = await own.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${suite.site.origin}${path}`);
    await page.waitForFunction(() => typeof (window as any).feedloop?.on == 'function');
    await run(page, () => recorder.settle(page));
    await recorder.settle(page);
    const files = await recorder.files();
    const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
    scenarios.push({ name, budget: BUDGETS[name], bytes, files: files.map(({ file, bytes }) => ({ file, bytes })) });
    expect(problems).toEqual([]);
    return { bytes, files: files.map((file) => file.file), page };
  }

  const openForm = async (page: Page) => {
    await page.getByRole('button', { name: 'Feedback' }).click();
    await page.getByRole('radio', { name: 'Good', exact: true }).waitFor();
  };

  test('a page view with nothing to do fetches the loader only', async () => {
    suite.embed('/plain', { feature: 'size' }, { body: '<h1>Plain page</h1>' });
    const { bytes, files } = await measure('page view', '/plain', async () => {});
    expect(files).toEqual(['feedloop.js']);
    expect(bytes).toBeLessThanOrEqual(BUDGETS['page view']);
  });

  test('the first open of the default form, before the browser was idle and after', async () => {
    suite.embed('/open', { feature: 'size' }, { body: '<h1>Plain page</h1>' });
    // At once: the loader has run (the page's load event waits for async scripts), idle not yet.
    const before = await measure('first open, before idle', '/open', openForm);
    const after = await measure('first open, after idle', '/open', async (page, settle) => {
      await settle();
      await openForm(page);
    });
    for (const { bytes, files } of [before, after]) {
      expect(files).toEqual(['feedloop.js', expect.stringMatching(/^feedloop-panel\.[a-f0-9]{8,}\.js$/)]);
      expect(bytes).toBeLessThanOrEqual(10240);
    }
  });

  test('pages that need the core: experiments, events queued by an earlier page', async () => {
    suite.embed('/experiments', { feature: 'size', experiments: '{"checkout-cta":"green"}' });
    const experiments = await measure('page view with experiments', '/experiments', async () => {});
    expect(experiments.files).toEqual(['feedloop.js', expect.stringMatching(/^feedloop-core\.[a-f0-9]{8,}\.js$/)]);
    expect(experiments.bytes).toBeLessThanOrEqual(BUDGETS['page view with experiments']);
    // The exposure was sent: the core did its work.
    await expect.poll(async () => (await suite.ingest.stored('exposures')).length).toBeGreaterThan(0);

    const opened = await measure('first open with experiments', '/experiments', async (page, settle) => {
      await settle();
      await openForm(page);
    });
    expect(opened.files).toContainEqual(expect.stringMatching(/^feedloop-panel\./));

    // An earlier page whose feedback could not be sent (the service blocked): it waits in localStorage.
    suite.embed('/queued', { feature: 'size-queued' });
    const earlier = await suite.newContext();
    await earlier.route(`${suite.ingest.url}/**`, (route) => route.abort('blockedbyclient'));
    const first = await earlier.newPage();
    await first.goto(`${suite.site.origin}/queued`);
    await openForm(first);
    await first.getByLabel('Comment').fill('queued for the next page');
    await first.getByRole('button', { name: 'Send' }).click();
    await first.getByText('Your feedback is saved').waitFor();
    const later = await suite.newContext({ storageState: await earlier.storageState() });
    const queued = await measure('page view with queued events', '/queued', async () => {}, later);
    expect(queued.files).toEqual(['feedloop.js', expect.stringMatching(/^feedloop-core\.[a-f0-9]{8,}\.js$/)]);
    expect(queued.bytes).toBeLessThanOrEqual(BUDGETS['page view with queued events']);
    await expect.poll(async () => (await suite.storedFor('size-queued')).length, { timeout: 10_000 }).toBe(1);
  });

  test('a page with a prompt due, until the prompt is answered', async () => {
    const id = await suite.ingest.definePrompt({ name: 'size', feature: 'size-prompt', scale: 'thumbs', question: { en: 'Quick question?' }, when: { delaySeconds: 0 }, who: { samplePercent: 100 } });
    suite.embed('/prompt', { feature: 'size', prompts: 'on' }, { body: '<h1>Plain page</h1>' });
    const due = await measure('page view with a prompt due, answered', '/prompt', async (page) => {
      await page.getByRole('region', { name: 'Quick question?' }).waitFor();
      await page.getByRole('radio', { name: 'Good', exact: true }).check();
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('Thank you! Your feedback was sent.').waitFor();
    });
    // The prompt chunk alone after the loader: not the core.
    expect(due.files).toEqual(['feedloop.js', expect.stringMatching(/^feedloop-prompts\.[a-f0-9]{8,}\.js$/)]);
    expect(due.bytes).toBeLessThanOrEqual(BUDGETS['page view with a prompt due, answered']!);
    await suite.ingest.updatePrompt(id, { status: 'paused' });
  });

  afterAll(() => {
    if (!scenarios.length) return;
    // The files measured, by content: `pnpm size` refuses a report of files no longer in dist/.
    const files = Object.fromEntries(
      [...new Set(scenarios.flatMap((scenario) => scenario.files.map((file) => file.file)))].map((file) => [
        file,
        createHash('sha256').update(readFileSync(WIDGET_DIST + file)).digest('hex'),
      ]),
    );
    const report: SizeReport = { measured: new Date().toISOString(), files, scenarios };
    writeFileSync(REPORT, JSON.stringify(report, null, 2) + '\n');
  });
});
