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
});
