import { expect, test } from 'vitest';
import { describeInChromium } from './support/browser.js';
import { widgetSuite } from './support/suite.js';
import { giveFeedback } from './support/widget-page.js';

describeInChromium('script-tag widget against the real service', () => {
  const suite = widgetSuite();

  test('button, thumbs up and a comment, submit: counted by GET /v1/features', async () => {
    suite.embed('/', { feature: 'checkout', experiments: '{"checkout-cta":"green"}' }, { body: '<h1>Shop</h1>' });
    const { page, problems } = await suite.open('/');

    await giveFeedback(page, 'Love it <img src=x onerror="alert(1)">');
    await page.getByText('Thank you! Your feedback was sent.').waitFor();

    const { features } = await suite.ingest.features();
    const checkout = features.find((f) => f.feature == 'checkout');
    expect(checkout).toMatchObject({ count: 1, comments: 1, ratings: { thumbs: { count: 1, positive: 1 } } });
    expect(await page.evaluate(() => (window as any).feedloop.pending())).toBe(0);
    expect(problems).toEqual([]);
  });

  test('a first open before the core chunk: only the panel chunk loads, and the feedback is stored', async () => {
    const { site } = suite;
    suite.embed('/busy', { feature: 'before-core' }, { body: '<h1>Busy page</h1>' });
    const start = site.requests.length;
    // A page that never goes idle: the core chunk (loaded when idle) never comes.
    const { page, problems } = await suite.open('/busy', {}, (context) =>
      context.addInitScript(() => {
        (window as any).requestIdleCallback = () => 0;
      }),
    );
    // `on` works at once, before the core.
    await page.waitForFunction(() => typeof (window as any).feedloop?.on == 'function');
    await page.evaluate(() => {
      (window as any).closes = 0;
      (window as any).feedloop.on('close', () => (window as any).closes++);
    });
    await giveFeedback(page, 'Before the core');
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    const chunks = site.requests.slice(start).filter((path) => path.startsWith('/widget/'));
    // The panel chunk holds the client too: one chunk after feedloop.js.
    expect(chunks).toEqual(['/widget/feedloop.js', expect.stringMatching(/^\/widget\/feedloop-panel\.[a-f0-9]{8,}\.js$/)]);
    expect(await suite.storedFor('before-core')).toMatchObject([{ rating_scale: 'thumbs', rating_value: 1, comment: 'Before the core' }]);
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
    const after = (await suite.ingest.stored('feedback')).filter((row) => row.comment == 'After the core');
    expect(after).toMatchObject([{ feature: 'before-core', user_id: 'user-after-core' }]);
    expect(problems).toEqual([]);
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
    suite.embed('/snippet', {}, { head: snippet });
    const { page, problems } = await suite.open('/snippet');
    await page.waitForFunction(() => (window as any).sentEvents >= 2); // the exposure and the feedback
    const [row] = await suite.storedFor('snippet-feature');
    expect(row).toMatchObject({ comment: 'queued before load', user_id: 'user-42', experiments: { 'pricing-page': 'annual-first' } });
    // The snippet's object became the API: references taken before load keep working.
    expect(await page.evaluate(() => (window as any).early === (window as any).feedloop && !('q' in (window as any).feedloop))).toBe(true);
    expect(problems).toEqual([]);
  });

  test('a plain page view fetches feedloop.js only; a data-feedloop-feature click opens the form without the core', async () => {
    const { site } = suite;
    suite.embed('/plain-view', { feature: 'plain' }, { body: '<main><a href="/elsewhere" data-feedloop-feature="pricing">Feedback on pricing</a></main>' });
    const start = site.requests.length;
    const { page, problems } = await suite.open('/plain-view');
    await page.waitForFunction(() => typeof (window as any).feedloop?.on == 'function');
    // Idle twice: the loader would have imported the core in the first idle period.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve))));
    const widget = () => site.requests.slice(start).filter((path) => path.startsWith('/widget/'));
    expect(widget()).toEqual(['/widget/feedloop.js']);

    // The loader's one listener on the document: the link does not navigate, the form opens for its feature.
    await page.getByRole('link', { name: 'Feedback on pricing' }).click();
    await page.getByRole('radio', { name: 'Good', exact: true }).check();
    await page.getByLabel('Comment').fill('Delegated');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/plain-view');
    expect(widget()).toEqual(['/widget/feedloop.js', expect.stringMatching(/^\/widget\/feedloop-panel\.[a-f0-9]{8,}\.js$/)]);
    expect(await suite.storedFor('pricing')).toMatchObject([{ comment: 'Delegated' }]);
    // Closed, then opened again by the link once the core is there (a call brought it): one listener, one open.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.evaluate(() => {
      const w = window as any;
      w.opens = 0;
      w.feedloop.on('open', () => w.opens++);
      w.feedloop.flush();
    });
    await page.waitForFunction(() => typeof (window as any).feedloop.pending == 'function');
    await page.getByRole('link', { name: 'Feedback on pricing' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await page.evaluate(() => (window as any).opens)).toBe(1);
    expect(problems).toEqual([]);
  });

  test('the prompt chunk (not the core) comes when the browser is idle for prompts; the core for the updates of a browser that gave feedback', async () => {
    const { site } = suite;
    const core = /^\/widget\/feedloop-core\.[a-f0-9]{8,}\.js$/;
    suite.embed('/prompts', { feature: 'prompted', prompts: '/prompts.json' });
    let start = site.requests.length;
    const prompted = await suite.open('/prompts');
    const widget = () => site.requests.slice(start).filter((path) => path.startsWith('/widget/'));
    await expect.poll(widget).toEqual(['/widget/feedloop.js', expect.stringMatching(/^\/widget\/feedloop-prompts\.[a-f0-9]{8,}\.js$/)]);
    await prompted.page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve))));
    expect(widget()).toHaveLength(2);

    // A browser that gave feedback on an earlier page asks for its updates; with data-updates="false" it does not.
    suite.embed('/updates-off', { feature: 'submitted', updates: 'false' });
    const context = await suite.newContext();
    await context.addInitScript(() => localStorage.setItem('feedloop:submitted', '1'));
    const off = await context.newPage();
    start = site.requests.length;
    await off.goto(`${site.origin}/updates-off`);
    await off.waitForFunction(() => typeof (window as any).feedloop?.on == 'function');
    await off.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve))));
    expect(site.requests.slice(start).filter((path) => path.startsWith('/widget/'))).toEqual(['/widget/feedloop.js']);
    suite.embed('/updates-on', { feature: 'submitted' });
    const on = await context.newPage();
    start = site.requests.length;
    await on.goto(`${site.origin}/updates-on`);
    await on.waitForFunction(() => typeof (window as any).feedloop?.pending == 'function');
    expect(site.requests.slice(start)).toContainEqual(expect.stringMatching(core));
    expect(prompted.problems).toEqual([]);
  });
});
