import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeInChromium, launchChromium, openPage } from './support/browser.js';
import { startIngest, type RunningIngest } from './support/ingest.js';
import { hostPage, startStaticServer, type StaticServer } from './support/static-server.js';

describeInChromium('script-tag widget against the real service', () => {
  let site: StaticServer;
  let ingest: RunningIngest;
  let browser: Browser;

  beforeAll(async () => {
    site = await startStaticServer();
    ingest = await startIngest(site.origin);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await ingest?.close();
    await site?.close();
  });

  test('button, thumbs up and a comment, submit: counted by GET /v1/features', async () => {
    site.pages.set('/', {
      body: hostPage({
        dataset: { key: ingest.publicKey, endpoint: ingest.url, feature: 'checkout', experiments: '{"checkout-cta":"green"}' },
        body: '<h1>Shop</h1>',
      }),
    });
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${site.origin}/`);

    await page.getByRole('button', { name: 'Feedback' }).click();
    await page.getByRole('radio', { name: 'Good', exact: true }).check();
    await page.getByLabel('Comment').fill('Love it <img src=x onerror="alert(1)">');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! Your feedback was sent.').waitFor();

    const { features } = await ingest.features();
    const checkout = features.find((f) => f.feature == 'checkout');
    expect(checkout).toMatchObject({ count: 1, comments: 1, ratings: { thumbs: { count: 1, positive: 1 } } });
    expect(await page.evaluate(() => (window as any).feedloop.pending())).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a first open before the core chunk: only the panel chunk loads, and the feedback is stored', async () => {
    site.pages.set('/busy', {
      body: hostPage({ dataset: { key: ingest.publicKey, endpoint: ingest.url, feature: 'before-core' }, body: '<h1>Busy page</h1>' }),
    });
    const context = await browser.newContext();
    // A page that never goes idle: the core chunk (loaded when idle) never comes.
    await context.addInitScript(() => {
      (window as any).requestIdleCallback = () => 0;
    });
    const start = site.requests.length;
    const { page, problems } = await openPage(context, `${site.origin}/busy`);
    // `on` works at once, before the core.
    await page.waitForFunction(() => typeof (window as any).feedloop?.on == 'function');
    await page.evaluate(() => {
      (window as any).closes = 0;
      (window as any).feedloop.on('close', () => (window as any).closes++);
    });
    await page.getByRole('button', { name: 'Feedback' }).click();
    await page.getByRole('radio', { name: 'Good', exact: true }).check();
    await page.getByLabel('Comment').fill('Before the core');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    const chunks = site.requests.slice(start).filter((path) => path.startsWith('/widget/'));
    // The panel chunk holds the client too: one chunk after feedloop.js.
    expect(chunks).toEqual(['/widget/feedloop.js', expect.stringMatching(/^\/widget\/feedloop-panel\.[a-f0-9]{8,}\.js$/)]);
    const rows = (await ingest.stored('feedback')).filter((row) => row.feature == 'before-core');
    expect(rows).toMatchObject([{ rating_scale: 'thumbs', rating_value: 1, comment: 'Before the core' }]);
    // close() is recorded: it brings the core, which replays it on the panel opened without it.
    await page.evaluate(() => (window as any).feedloop.close());
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(site.requests.slice(start)).toContainEqual(expect.stringMatching(/^\/widget\/feedloop-core\.[a-f0-9]{8,}\.js$/));
    expect(await page.evaluate(() => (window as any).closes)).toBe(1);
    // The core and the panel chunk each hold a copy of the client's code, yet the page has one
    // client: the user identified through the core's API is on what the panel sends next.
    await page.evaluate(() => (window as any).feedloop.identify('user-after-core'));
    await page.getByRole('button', { name: 'Feedback' }).click();
    await page.getByLabel('Comment').fill('After the core');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    const after = (await ingest.stored('feedback')).filter((row) => row.comment == 'After the core');
    expect(after).toMatchObject([{ feature: 'before-core', user_id: 'user-after-core' }]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('calls queued by the inline snippet before the script loads are replayed in order', async () => {
    const snippet = `<script>
window.feedloop = window.feedloop || { q: [] };
['open', 'close', 'feedback', 'exposure', 'setExperiments', 'identify', 'setFeature', 'flush', 'on'].forEach(function (m) {
  feedloop[m] = feedloop[m] || function () { feedloop.q.push([m, arguments]); };
});
var early = window.feedloop;
feedloop.identify('user-42');
feedloop.setExperiments({ 'pricing-page': 'annual-first' });
feedloop.on('sent', function (batch) { window.sentEvents = (window.sentEvents || 0) + batch.events.length; });
feedloop.feedback({ feature: 'snippet-feature', comment: 'queued before load' });
</script>`;
    site.pages.set('/snippet', { body: hostPage({ head: snippet, dataset: { key: ingest.publicKey, endpoint: ingest.url } }) });
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${site.origin}/snippet`);
    await page.waitForFunction(() => (window as any).sentEvents >= 2); // the exposure and the feedback
    const [row] = (await ingest.stored('feedback')).filter((r) => r.feature == 'snippet-feature');
    expect(row).toMatchObject({ comment: 'queued before load', user_id: 'user-42', experiments: { 'pricing-page': 'annual-first' } });
    // The snippet's object became the API: references taken before load keep working.
    expect(await page.evaluate(() => (window as any).early === (window as any).feedloop && !('q' in (window as any).feedloop))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
