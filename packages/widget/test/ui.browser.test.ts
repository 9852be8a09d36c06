import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { describeInChromium, openPage } from './support/browser.js';
import { widgetSuite } from './support/suite.js';
import { axeViolations, pending, recorded, widgetReady } from './support/widget-page.js';

const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** The focused element, looking into shadow roots, described for assertions. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element ? `${element.tagName.toLowerCase()}:${element.getAttribute('aria-label') ?? element.textContent?.trim()}` : null;
  });

describeInChromium('what the end user sees', () => {
  const suite = widgetSuite();
  const { storedFor } = suite;

  beforeAll(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  const page = (path: string, dataset: Record<string, string> = {}, body = '', config: Record<string, unknown> = { flushDelay: 50 }) =>
    suite.embed(path, dataset, { config, body });

  test('keyboard only: open, rate with arrow keys, comment, send; Escape closes and focus returns', async () => {
    page('/keyboard', { feature: 'keyboard' });
    const { page: p, problems } = await suite.open('/keyboard');
    await widgetReady(p);

    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('button:Feedback');
    await p.keyboard.press('Enter');
    await p.getByRole('dialog', { name: 'Share your feedback' }).waitFor();
    expect(await focused(p)).toBe('button:Close');

    await p.keyboard.press('Tab'); // into the rating group
    expect(await focused(p)).toBe('input:Good');
    await p.keyboard.press('ArrowRight'); // moves and selects: "Not good"
    await p.keyboard.press('ArrowLeft'); // back to "Good"
    expect(await p.getByRole('radio', { name: 'Good', exact: true }).isChecked()).toBe(true);
    await p.keyboard.press('Tab');
    await p.keyboard.type('Typed with the keyboard only');
    // Category group, email, then Send.
    await p.keyboard.press('Tab');
    await p.keyboard.press('ArrowRight'); // first arrow press in a group with nothing checked selects the next one
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('button:Send');
    await p.keyboard.press('Tab'); // wraps inside the dialog
    expect(await focused(p)).toBe('button:Close');
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toBe('button:Send');
    await p.keyboard.press('Enter');
    await p.getByText('Thank you! Your feedback was sent.').waitFor();

    await p.keyboard.press('Escape');
    await p.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await focused(p)).toBe('button:Feedback');
    const rows = await storedFor('keyboard');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating_scale: 'thumbs', rating_value: 1, comment: 'Typed with the keyboard only' });
    expect(await recorded(p, 'close')).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  test('data-feedloop-feature elements open the panel for their feature; focus returns to them', async () => {
    page('/triggers', { feature: 'general-page', button: 'false' }, '<button id="t" data-feedloop-feature="checkout-trigger">Feedback on checkout</button>');
    const { page: p } = await suite.open('/triggers');
    await widgetReady(p);
    expect(await p.getByRole('button', { name: 'Feedback', exact: true }).count()).toBe(0); // no floating button
    await p.getByRole('button', { name: 'Feedback on checkout' }).click();
    await p.getByRole('radio', { name: 'Not good' }).check();
    await p.getByRole('button', { name: 'Send' }).click();
    await p.getByText('Thank you! Your feedback was sent.').waitFor();
    await p.getByRole('button', { name: 'Close' }).click();
    expect(await focused(p)).toBe('button:Feedback on checkout');
    expect(await storedFor('checkout-trigger')).toHaveLength(1);
    expect((await recorded(p, 'open'))[0]).toEqual({ feature: 'checkout-trigger' });
    expect((await recorded(p, 'submit'))[0]).toMatchObject({ type: 'feedback', feature: 'checkout-trigger' });
  });

  test('attached to a host element instead of the floating button; preloaded when idle; close() from code', async () => {
    page(
      '/attached',
      { feature: 'attached' },
      '<nav><button id="help" type="button">Help us improve</button></nav>',
      { flushDelay: 50, trigger: '#help', preload: 'idle' },
    );
    const { page: p } = await suite.open('/attached');
    await widgetReady(p);
    expect(await p.getByRole('button', { name: 'Feedback', exact: true }).count()).toBe(0);
    // Chunks have content-hashed names (cached for a year by the service).
    await expect.poll(() => suite.site.requests.some((path) => /^\/widget\/feedloop-panel\.[a-f0-9]{8,}\.js$/.test(path))).toBe(true); // before any click
    await p.getByRole('button', { name: 'Help us improve' }).click();
    const dialog = p.getByRole('dialog', { name: 'Share your feedback' });
    await dialog.waitFor();
    await p.evaluate(() => (window as any).feedloop.close());
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(p)).toBe('button:Help us improve');
    expect(await recorded(p, 'open')).toEqual([{ feature: 'attached' }]);
  });

  test('single-page app navigation changes the feature through the route map', async () => {
    page('/app/home', {
      feature: 'fallback',
      routes: JSON.stringify({ '/app/home': 'spa-home', '/app/checkout*': 'spa-checkout' }),
    });
    const { page: p } = await suite.open('/app/home');
    await widgetReady(p);
    const submit = async (comment: string) => {
      await p.evaluate(() => (window as any).feedloop.open());
      await p.getByLabel('Comment').fill(comment);
      await p.getByRole('button', { name: 'Send' }).click();
      await p.getByText('Thank you! Your feedback was sent.').waitFor();
      await p.keyboard.press('Escape');
    };
    await submit('on home');
    await p.evaluate(() => history.pushState({}, '', '/app/checkout/step-2'));
    await submit('on checkout');
    await p.evaluate(() => history.back());
    await p.waitForURL('**/app/home');
    await submit('home again');
    await p.evaluate(() => history.pushState({}, '', '/app/unknown'));
    await submit('unmapped');
    const byComment = Object.fromEntries((await suite.ingest.stored('feedback')).map((row) => [row.comment, row.feature]));
    expect(byComment).toMatchObject({ 'on home': 'spa-home', 'on checkout': 'spa-checkout', 'home again': 'spa-home', unmapped: 'fallback' });
  });

  test('rating scales per feature: stars, emoji and NPS; a blank form asks for content', async () => {
    page('/scales', { feature: 'stars-feature', scales: JSON.stringify({ 'stars-feature': 'stars', 'emoji-feature': 'emoji', 'nps-feature': 'nps' }) });
    const { page: p } = await suite.open('/scales');
    await widgetReady(p);
    await p.getByRole('button', { name: 'Feedback' }).click();
    await p.getByRole('button', { name: 'Send' }).click();
    await p.getByText('Choose a rating or write a comment.').waitFor();
    await p.getByRole('radio', { name: '4 of 5 stars' }).check();
    await p.getByRole('button', { name: 'Send' }).click();
    await p.getByText('Thank you! Your feedback was sent.').waitFor();
    await p.keyboard.press('Escape');
    for (const [feature, name] of [
      ['emoji-feature', 'Happy'],
      ['nps-feature', '9'],
    ] as const) {
      await p.evaluate((f) => (window as any).feedloop.open({ feature: f }), feature);
      await p.getByRole('radio', { name, exact: true }).check();
      await p.getByRole('button', { name: 'Send' }).click();
      await p.getByText('Thank you! Your feedback was sent.').waitFor();
      await p.keyboard.press('Escape');
    }
    const rows = await suite.ingest.stored('feedback');
    const byFeature = Object.fromEntries(rows.map((row) => [row.feature, `${row.rating_scale}:${row.rating_value}`]));
    expect(byFeature).toMatchObject({ 'stars-feature': 'stars:4', 'emoji-feature': 'emoji:4', 'nps-feature': 'nps:9' });
  });

  test('Arabic renders right-to-left from the lazily loaded locale; screenshots light, dark, RTL', async () => {
    page('/rtl', { feature: 'rtl', locale: 'ar' });
    page('/dark', { feature: 'dark', mode: 'dark', scale: 'stars' });
    page('/light', { feature: 'light' });
    const { page: p, context } = await suite.open('/rtl', { viewport: { width: 640, height: 720 }, deviceScaleFactor: 1 });
    await widgetReady(p);
    await p.getByRole('button', { name: 'ملاحظات' }).click();
    const dialog = p.getByRole('dialog', { name: 'شاركنا رأيك' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('dir')).toBe('rtl');
    expect(suite.site.requests).toContainEqual(expect.stringMatching(/^\/widget\/feedloop-locale-ar\.[a-f0-9]{8,}\.js$/));
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeLessThan(640 / 2); // mirrored to the left side
    await p.screenshot({ path: `${SCREENSHOTS}panel-rtl.png` });

    for (const mode of ['light', 'dark']) {
      const { page: q } = await openPage(context, `${suite.site.origin}/${mode}`);
      await widgetReady(q);
      await q.getByRole('button', { name: 'Feedback' }).click();
      await q.getByRole('dialog').waitFor();
      if (mode == 'dark') await q.getByRole('radio', { name: '4 of 5 stars' }).check();
      else await q.getByRole('radio', { name: 'Good', exact: true }).check();
      await q.getByLabel('Comment').fill('Checkout was quick, but the coupon field is hard to find.');
      await q.screenshot({ path: `${SCREENSHOTS}panel-${mode}.png` });
    }
    expect(suite.site.requests.filter((path) => path.startsWith('/widget/feedloop-locale-'))).toEqual([
      expect.stringMatching(/^\/widget\/feedloop-locale-ar\.[a-f0-9]{8,}\.js$/),
    ]);
  });

  test('axe-core finds no accessibility violations in the open panel', async () => {
    page('/axe', { feature: 'axe' }, '<main><h1>Host</h1></main>');
    const { page: p } = await suite.open('/axe');
    await widgetReady(p);
    const audit = () => axeViolations(p);
    expect(await audit()).toEqual([]); // the button alone
    await p.getByRole('button', { name: 'Feedback' }).click();
    await p.getByRole('dialog').waitFor();
    // Audit the settled panel, not a frame of its fade-in.
    await p.getByRole('dialog').evaluate((dialog) => Promise.all(dialog.getAnimations().map((a) => a.finished)));
    expect(await audit()).toEqual([]);
    await p.getByRole('button', { name: 'Send' }).click(); // the "needs content" status
    expect(await audit()).toEqual([]);
    expect(await pending(p)).toBe(0);
  });

  test('reduced motion is respected: the panel appears without animation', async () => {
    page('/motion', { feature: 'motion' });
    const { page: p } = await suite.open('/motion', { reducedMotion: 'reduce' });
    await widgetReady(p);
    await p.getByRole('button', { name: 'Feedback' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => d.getAnimations().length)).toBe(0);
  });
});
