import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApps, type BuiltApps } from './support/apps.js';
import { describeInChromium, openPage } from './support/browser.js';
import { widgetSuite } from './support/suite.js';

/**
 * An init script: keeps the listeners on `window` and `document` that are still attached, so a
 * test can tell which ones a component's unmount removed.
 */
const trackListeners = () => {
  const live: { target: string; type: string; listener: unknown; capture: boolean }[] = [];
  const capture = (options: unknown) => (typeof options == 'boolean' ? options : !!(options as { capture?: boolean } | undefined)?.capture);
  const name = (target: EventTarget) => (target === window ? 'window' : target === document ? 'document' : null);
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type: string, listener: unknown, options?: unknown) {
    const target = name(this);
    const entry = { target: target!, type, listener, capture: capture(options) };
    if (target && !live.some((l) => l.target == target && l.type == type && l.listener === listener && l.capture == entry.capture)) live.push(entry);
    return addEventListener.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  };
  EventTarget.prototype.removeEventListener = function (type: string, listener: unknown, options?: unknown) {
    const target = name(this);
    const index = live.findIndex((l) => l.target == target && l.type == type && l.listener === listener && l.capture == capture(options));
    if (index >= 0) live.splice(index, 1);
    return removeEventListener.call(this, type, listener as EventListener, options as EventListenerOptions);
  };
  (window as any).liveListeners = () => live.map((l) => `${l.target}:${l.type}`).sort();
};

const liveListeners = (page: Page) => page.evaluate(() => (window as any).liveListeners() as string[]);
const hosts = (page: Page) => page.locator('feedloop-widget').count();
/** `all` without one of each of `some`. */
const without = (all: string[], some: string[]) => {
  const rest = [...all];
  for (const item of some) if (rest.includes(item)) rest.splice(rest.indexOf(item), 1);
  return rest;
};

describeInChromium('React and Vue apps bundled with @feedloop/sdk and @feedloop/widget', () => {
  const suite = widgetSuite();
  let apps: BuiltApps;

  beforeAll(async () => {
    apps = await buildApps();
    suite.site.mounts.set('/app/', apps.dir);
  });
  afterAll(async () => {
    await apps?.remove();
  });

  for (const framework of ['react', 'vue']) {
    test(`${framework}: the button appears, feedback reaches the service, unmounting removes the widget and its listeners`, async () => {
      suite.site.pages.set(`/${framework}`, {
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${framework}</title>
<script>window.appConfig = ${JSON.stringify({ apiKey: suite.ingest.publicKey, endpoint: suite.ingest.url })};</script>
<script type="module" src="/app/${framework}.js"></script></head><body><div id="root"></div></body></html>`,
      });
      const context = await suite.newContext();
      await context.addInitScript(trackListeners);
      const start = suite.site.requests.length;
      const { page, problems } = await openPage(context, `${suite.site.origin}/${framework}`);
      const button = page.getByRole('button', { name: 'Feedback', exact: true });
      await button.waitFor();
      // React's StrictMode mounts, cleans up and mounts again: still one widget.
      expect(await hosts(page)).toBe(1);
      // The panel is a chunk of the app's bundle, loaded on first open only.
      const panelLoaded = () => suite.site.requests.slice(start).some((path) => /^\/app\/mount-[\w-]+\.js$/.test(path));
      expect(panelLoaded()).toBe(false);

      // The floating button: the feature given to mountWidget.
      await button.click();
      await page.getByRole('radio', { name: 'Good', exact: true }).check();
      await page.getByLabel('Comment').fill(`From ${framework}`);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('Thank you! Your feedback was sent.').waitFor();
      expect(panelLoaded()).toBe(true);
      await page.getByRole('button', { name: 'Close' }).click();
      // The app's own button: widget.open({ feature }).
      await page.getByRole('button', { name: 'Rate search' }).click();
      await page.getByRole('radio', { name: 'Not good' }).check();
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('Thank you! Your feedback was sent.').waitFor();
      await page.getByRole('button', { name: 'Close' }).click();
      await expect
        .poll(async () => (await suite.ingest.stored('feedback')).filter((row) => row.url == `${suite.site.origin}/${framework}`).map((row) => [row.feature, row.rating_value]))
        .toEqual(expect.arrayContaining([['checkout', 1], ['search', 0]]));
      expect(await suite.ingest.stored('feedback').then((rows) => rows.filter((row) => row.url == `${suite.site.origin}/${framework}`))).toHaveLength(2);

      // Unmounting: the shadow host goes, and so do the listeners the widget and the client added.
      const mounted = await liveListeners(page);
      await page.getByRole('button', { name: 'Hide feedback' }).click();
      await page.getByRole('button', { name: 'Show feedback' }).waitFor();
      expect(await hosts(page)).toBe(0);
      const unmounted = await liveListeners(page);
      expect(without(mounted, unmounted)).toEqual(expect.arrayContaining(['document:click', 'window:online', 'window:pagehide']));
      expect(without(unmounted, mounted)).toEqual([]); // nothing added by unmounting
      // A trigger element no longer opens anything.
      await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<button type="button" data-feedloop-feature="gone">Gone</button>'));
      await page.getByRole('button', { name: 'Gone' }).click();
      expect(await page.getByRole('dialog').count()).toBe(0);

      // Mounted again, then unmounted again: one widget, and no listener left behind.
      await page.getByRole('button', { name: 'Show feedback' }).click();
      await button.waitFor();
      expect(await hosts(page)).toBe(1);
      expect(await liveListeners(page)).toEqual(mounted);
      await page.getByRole('button', { name: 'Hide feedback' }).click();
      await page.getByRole('button', { name: 'Show feedback' }).waitFor();
      expect(await hosts(page)).toBe(0);
      expect(await liveListeners(page)).toEqual(unmounted);
      expect(problems).toEqual([]);
    });
  }
});
