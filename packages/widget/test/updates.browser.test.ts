import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { send } from '../../../apps/server/test/support/query.js';
import { computeUserHash } from '../../../apps/server/src/services/updates/identity.js';
import { describeInChromium, openPage } from './support/browser.js';
import { demoSuite, npmPage, widgetSuite } from './support/suite.js';
import { axeViolations, giveFeedback, recorded, widgetReady } from './support/widget-page.js';

const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));
const XSS = '<img src=x onerror=alert(1)>';

/** Triage through the real API, as the dashboard does: PATCH with the project's secret key. */
async function triage(base: string, secretKey: string, id: string, changes: object): Promise<void> {
  const response = await fetch(`${base}/v1/feedback/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(changes),
  });
  expect(response.status, await response.text()).toBe(200);
}

/** The host app's listener, as a page would add it before the widget loads: `feedloop.on('update', …)`, queued. */
const listenForUpdates = () => {
  const w = window as any;
  w.updates = [];
  w.feedloop = { q: [['on', ['update', (update: unknown) => w.updates.push(update)]]] };
};

/** The next answer to the widget's POST to `path`. */
const answerTo = (page: Page, path: string) =>
  page.waitForResponse((response) => new URL(response.url()).pathname == path).then((response) => response.json());

const noticeIn = (page: Page, title = 'Your feedback') => page.getByRole('region', { name: title });

/** An init script: this browser gave feedback earlier as `anonymousId` (the widget remembered both), and its fetches are recorded. */
const returningSubmitter = (anonymousId: string) => {
  localStorage.setItem('feedloop:anonymousId', JSON.stringify(anonymousId));
  localStorage.setItem('feedloop:submitted', '1');
  const w = window as any;
  w.fetched = [];
  const original = window.fetch;
  window.fetch = (input, init) => (w.fetched.push(String(input)), original(input, init));
};

describeInChromium('the submitter hears back, on the demo page', () => {
  const suite = demoSuite();

  beforeAll(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  test("see the submitter's update appear in the widget on the demo page", async () => {
    const { t, base } = suite;
    const { page, problems } = await suite.open(`${base}/demo/`, { viewport: { width: 900, height: 640 }, deviceScaleFactor: 1 }, (context) =>
      context.addInitScript(listenForUpdates),
    );
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
    const paths: string[] = [];
    page.on('request', (request) => void paths.push(new URL(request.url()).pathname));
    await widgetReady(page);
    // A browser that never gave feedback does not ask.
    expect(paths.filter((path) => path.startsWith('/v1/updates'))).toEqual([]);

    await giveFeedback(page, 'Search should find "boots" when I type "boot"');
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    const [submitted] = await recorded(page, 'submit');
    const id = submitted.id as string;

    await triage(base, t.demo!.secretKey, id, { status: 'planned', publicReply: `Coming in May ${XSS}` });
    const [first, seen] = [answerTo(page, '/v1/updates'), answerTo(page, '/v1/updates/seen')];
    await page.reload();
    expect((await first).updates).toEqual([expect.objectContaining({ id, status: 'planned', feature: 'search' })]);

    const notice = noticeIn(page);
    await notice.waitFor();
    // The reply is text: the markup shows as typed, and no element was made of it.
    await notice.getByText(`Planned: Coming in May ${XSS}`, { exact: true }).waitFor();
    await notice.getByText('Search should find "boots" when I type "boot"').waitFor();
    expect(await notice.getByRole('status').textContent()).toContain('search');
    expect(await page.evaluate(() => document.querySelector('feedloop-widget')!.shadowRoot!.querySelectorAll('img').length)).toBe(0);

    // Shown, then marked seen: the service answers that one item was marked.
    expect(await seen).toEqual({ seen: 1 });
    // The host app was told, with the update itself.
    expect(await page.evaluate(() => (window as any).updates)).toEqual([
      expect.objectContaining({ id, status: 'planned', publicReply: `Coming in May ${XSS}`, feature: 'search' }),
    ]);

    // Seen: the next page view asks, hears of nothing, and shows nothing.
    const again = answerTo(page, '/v1/updates');
    await page.reload();
    expect(await again).toEqual({ updates: [] });
    await widgetReady(page);
    expect(await noticeIn(page).count()).toBe(0);
    expect(await page.evaluate(() => (window as any).updates)).toEqual([]);

    // A later change reaches the submitter again: the README's screenshot.
    await triage(base, t.demo!.secretKey, id, { status: 'done', publicReply: 'Shipped in 2.4: "boot" now finds boots. Thanks for the tip!' });
    await page.reload();
    await noticeIn(page).getByText('Done: Shipped in 2.4: "boot" now finds boots. Thanks for the tip!', { exact: true }).waitFor();
    await noticeIn(page).evaluate((element) => Promise.all(element.getAnimations().map((animation) => animation.finished)));
    await page.screenshot({ path: `${SCREENSHOTS}notice-light.png` });

    await noticeIn(page).getByRole('button', { name: 'Close' }).click();
    expect(await noticeIn(page).count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]); // no CSP violation, no console error under the demo's strict CSP
  });
});

describeInChromium('the submitter hears back: signed-in users, locales, keyboard, opting out', () => {
  const suite = widgetSuite();

  test('a signed-in user vouched for by userHash sees items from other browsers too, in German; Tab reaches Close, Escape closes', async () => {
    const { site, ingest } = suite;
    const { app } = ingest.testApp;
    const event = (fields: object) => ({ type: 'feedback', id: crypto.randomUUID(), timestamp: new Date().toISOString(), ...fields });
    const here = event({ anonymousId: 'anon-de', feature: 'checkout', rating: { scale: 'thumbs', value: 0 }, comment: 'Der Checkout ist langsam' });
    const phone = event({ anonymousId: 'a-phone', userId: 'user-42', feature: 'search', comment: 'Vom Telefon gesendet' });
    const stranger = event({ anonymousId: 'someone-else', feature: 'search', comment: 'Not yours' });
    await send(app, ingest.publicKey, [here, phone, stranger]);
    await triage(ingest.url, ingest.secretKey, here.id, { status: 'in_progress', publicReply: 'Wir arbeiten daran' });
    await triage(ingest.url, ingest.secretKey, phone.id, { status: 'done' });
    await triage(ingest.url, ingest.secretKey, stranger.id, { status: 'done', publicReply: 'Not for this browser' });

    const hash = computeUserHash(ingest.secretKey, 'user-42');
    const snippet = `<script>window.feedloop = { q: [['identify', ['user-42', '${hash}']]] };</script>`;
    suite.embed('/de', { locale: 'de', feature: 'checkout' }, { head: snippet, body: '<main><h1>Host</h1></main>' });
    suite.embed('/off', { feature: 'checkout', updates: 'false' }, { head: snippet });

    const context = await suite.newContext({ reducedMotion: 'reduce' });
    await context.addInitScript(returningSubmitter, 'anon-de');

    // Opted out with data-updates="false": no request at all.
    const { page: off, problems: offProblems } = await openPage(context, `${site.origin}/off`);
    await widgetReady(off);
    expect(await off.evaluate(() => (window as any).fetched)).toEqual([]);
    expect(offProblems).toEqual([]);
    await off.close();

    const { page, problems } = await openPage(context, `${site.origin}/de`);
    const notice = noticeIn(page, 'Ihr Feedback');
    await notice.waitFor();
    await notice.getByText('In Arbeit: Wir arbeiten daran', { exact: true }).waitFor();
    await notice.getByText('Erledigt', { exact: true }).waitFor(); // the user's item from the phone, no reply
    await notice.getByText('Vom Telefon gesendet').waitFor();
    expect(await notice.textContent()).not.toContain('Not for this browser');
    await expect
      .poll(() => page.evaluate(() => (window as any).fetched.filter((url: string) => url.includes('/v1/updates'))))
      .toEqual([`${ingest.url}/v1/updates?key=${ingest.publicKey}`, `${ingest.url}/v1/updates/seen?key=${ingest.publicKey}`]);
    expect(await notice.evaluate((element) => element.getAnimations().length)).toBe(0); // reduced motion

    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press('Tab'); // the floating button
    await page.keyboard.press('Tab'); // the notice's close button
    const focused = await page.evaluate(() => document.querySelector('feedloop-widget')!.shadowRoot!.activeElement?.getAttribute('aria-label'));
    expect(focused).toBe('Schließen');
    await page.keyboard.press('Escape');
    expect(await notice.count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describeInChromium('the submitter hears back: npm packages (mountWidget on createClient)', () => {
  const suite = widgetSuite({ npm: true });

  test('the notice is imported lazily, in French, and widget.on("update") hears of it', async () => {
    const { site, ingest } = suite;
    const item = { type: 'feedback', id: crypto.randomUUID(), timestamp: new Date().toISOString(), anonymousId: 'anon-npm', feature: 'export', comment: 'CSV please' };
    await send(ingest.testApp.app, ingest.publicKey, [item]);
    await triage(ingest.url, ingest.secretKey, item.id, { status: 'planned', publicReply: 'Pour mai' });
    const page = (updates: boolean, destroyAtOnce = false) =>
      npmPage({
        lang: 'fr',
        script: `const client = createClient({ key: ${JSON.stringify(ingest.publicKey)}, endpoint: ${JSON.stringify(ingest.url)} });
window.updates = [];
window.widget = mountWidget(client, { locale: 'fr', position: 'top-left', updates: ${updates} });
window.widget.on('update', (update) => window.updates.push(update));${destroyAtOnce ? '\nwindow.widget.destroy();' : ''}`,
      });
    site.pages.set('/off', { body: page(false) });
    site.pages.set('/destroyed', { body: page(true, true) });
    site.pages.set('/on', { body: page(true) });
    const context = await suite.newContext();
    await context.addInitScript(returningSubmitter, 'anon-npm');

    // updates: false: nothing asked, even once the browser has been idle (the widget asks in an
    // idle callback, which runs before this later one).
    const { page: off } = await openPage(context, `${site.origin}/off`);
    await off.waitForFunction(() => (window as any).widget);
    expect(await off.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve((window as any).fetched))))).toEqual([]);
    await off.close();
    // Destroyed before the browser was idle: its scheduled check asks nothing, even a while later.
    const { page: destroyed } = await openPage(context, `${site.origin}/destroyed`);
    await destroyed.waitForFunction(() => (window as any).widget);
    await destroyed.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    await destroyed.waitForTimeout(500);
    expect(await destroyed.evaluate(() => (window as any).fetched)).toEqual([]);
    await destroyed.close();

    const { page: on, problems } = await openPage(context, `${site.origin}/on`);
    const notice = noticeIn(on, 'Votre avis');
    await notice.getByText('Prévu\u00a0: Pour mai', { exact: true }).waitFor();
    expect(site.requests).toContain('/npm/widget/notice/notice.js');
    await expect.poll(() => on.evaluate(() => (window as any).fetched)).toEqual([`${ingest.url}/v1/updates?key=${ingest.publicKey}`, `${ingest.url}/v1/updates/seen?key=${ingest.publicKey}`]);
    const box = (await notice.boundingBox())!;
    expect(box.y).toBeLessThan(200); // top-left, as configured
    expect(box.x).toBeLessThan(200);
    await expect.poll(() => on.evaluate(() => (window as any).updates.map((update: any) => update.id))).toEqual([item.id]);
    expect(problems).toEqual([]);
  });
});
