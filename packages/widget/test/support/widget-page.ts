/** Helpers to drive the script-tag widget on a page. */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** An inline snippet that sets `feedloop.config` before the script tag loads. */
export const snippetConfig = (config: Record<string, unknown>) =>
  `<script>window.feedloop = { config: ${JSON.stringify(config)} };</script>`;

/**
 * Waits for the loader to have set up `window.feedloop`, records its events on the page, and has
 * the whole widget loaded, the core chunk included (`pending()`, `feedback()`… answer at once).
 * A plain page view loads only the loader: a `flush()` call brings the core, as any call does.
 */
export async function widgetReady(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof (window as any).feedloop?.on == 'function');
  await page.evaluate(() => {
    const w = window as any;
    w.recorded = [];
    for (const name of ['open', 'close', 'submit', 'sent', 'error', 'queued'])
      w.feedloop.on(name, (payload: unknown) => w.recorded.push({ name, payload }));
    if (!w.feedloop.pending) w.feedloop.flush();
  });
  await page.waitForFunction(() => typeof (window as any).feedloop.pending == 'function');
}

export const pending = (page: Page) => page.evaluate(() => (window as any).feedloop.pending() as number);

export const recorded = (page: Page, name: string) =>
  page.evaluate((n) => (window as any).recorded.filter((r: any) => r.name == n).map((r: any) => r.payload), name);

/** Opens the panel with the floating button, gives a thumbs up with a comment, and sends it. */
export async function giveFeedback(page: Page, comment = 'Nice'): Promise<void> {
  await page.getByRole('button', { name: 'Feedback' }).click();
  await page.getByRole('radio', { name: 'Good', exact: true }).check();
  await page.getByLabel('Comment').fill(comment);
  await page.getByRole('button', { name: 'Send' }).click();
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's audit of the whole page (shadow roots included): each violation with its targets. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}
