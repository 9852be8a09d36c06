import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { describeInChromium } from './support/browser.js';
import { flakyEndpoint, type FlakyEndpoint } from './support/flaky-endpoint.js';
import { widgetSuite } from './support/suite.js';
import { giveFeedback, pending, widgetReady } from './support/widget-page.js';

const SENT = 'Thank you! Your feedback was sent.';

/** Everything of Feedloop's in the page's Web Storage, and the page's IndexedDB databases. */
const browserStorage = (page: Page) =>
  page.evaluate(async () => {
    const ours = (storage: Storage) => Object.keys(storage).filter((key) => key.startsWith('feedloop:')).sort();
    return { local: ours(localStorage), session: ours(sessionStorage), indexedDB: (await indexedDB.databases()).map((db) => db.name) };
  });
const NOTHING = { local: [], session: [], indexedDB: [] };

/** Requests to `/v1/events` made by the context's pages (fetch and sendBeacon alike). */
function eventRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => void (request.url().includes('/v1/events') && urls.push(request.url())));
  return urls;
}

const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => (window as any).feedloop[m as string](...(a as unknown[])), [method, args] as const);

const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeInChromium('privacy: opt-out, forget, consent mode and Global Privacy Control', () => {
  const suite = widgetSuite();
  let flaky: FlakyEndpoint;

  beforeAll(() => {
    flaky = flakyEndpoint(suite.site, '/flaky');
    suite.site.pages.set('/elsewhere', { body: '<!doctype html><title>Elsewhere</title>' });
  });
  afterEach(() => {
    flaky.requests.length = 0;
    flaky.answers.length = 0;
  });

  const exposuresOf = async (experiment: string) => (await suite.ingest.stored('exposures')).filter((row) => row.experiment == experiment);

  test('optOut() while events are queued: they are dropped, never sent (retries and beacons included), and persisted', async () => {
    flaky.answers.push({ status: 503, headers: { 'retry-after': '1' } });
    suite.embed('/opt-out', { key: 'pk_optout', endpoint: flaky.endpoint, feature: 'opt-out', experiments: '{"opt-exp":"a"}' }, { config: { flushDelay: 50 } });
    const { page, problems, context } = await suite.open('/opt-out');
    await widgetReady(page);
    await expect.poll(() => flaky.requests.length).toBe(1); // the exposure, answered 503: a retry waits 1 s
    await call(page, 'feedback', { comment: 'queued, then opted out' });
    expect(await pending(page)).toBe(2);

    await call(page, 'optOut');
    expect(await pending(page)).toBe(0);
    expect(await browserStorage(page)).toEqual({ ...NOTHING, local: ['feedloop:optOut'] });
    await quiet(2500); // well past the retry
    await page.goto(`${suite.site.origin}/elsewhere`); // pagehide: the beacon has nothing to send
    await quiet(300);
    expect(flaky.requests).toHaveLength(1);

    // A later page of the site, opened before the core chunk came (the page never goes idle):
    // the first open goes through the core, which holds the privacy layer. Still opted out, the
    // form sends nothing, stores nothing, and says so (it does not thank for what it dropped).
    await context.addInitScript(() => ((window as any).requestIdleCallback = () => 0));
    await page.goto(`${suite.site.origin}/opt-out`);
    await page.waitForFunction(() => typeof (window as any).feedloop?.on == 'function');
    await giveFeedback(page, 'typed while opted out');
    await page.getByText('Nothing was sent: you opted out of feedback on this site.').waitFor();
    expect(await page.getByText(SENT).count()).toBe(0);
    expect(await call(page, 'optedOut')).toBe(true);
    await quiet(300);
    expect(flaky.requests).toHaveLength(1);
    expect(await browserStorage(page)).toEqual({ ...NOTHING, local: ['feedloop:optOut'] });

    // optIn(): sent again, under a new anonymous id.
    await call(page, 'optIn');
    await call(page, 'feedback', { comment: 'opted in again' });
    await expect.poll(() => flaky.requests.length).toBe(2);
    const [again] = flaky.requests[1]!.events;
    expect(again).toMatchObject({ type: 'feedback', comment: 'opted in again' });
    expect(again!.anonymousId).not.toBe(flaky.requests[0]!.events[0]!.anonymousId);
    expect((await browserStorage(page)).local).not.toContain('feedloop:optOut');
    expect(problems.filter((problem) => !problem.includes('status of 503'))).toEqual([]); // the scripted answer
  });

  test('optOut() in one tab drops the queue another tab of the site holds', async () => {
    // Every attempt is refused, the second tab's too (it may try the shared queue as it loads).
    for (let i = 0; i < 3; i++) flaky.answers.push({ status: 503, headers: { 'retry-after': '2' } });
    suite.embed('/tabs', { key: 'pk_tabs', endpoint: flaky.endpoint, feature: 'tabs' }, { config: { flushDelay: 50 } });
    const { page: first, context } = await suite.open('/tabs');
    await widgetReady(first);
    await call(first, 'feedback', { comment: 'from the first tab' });
    await expect.poll(() => flaky.requests.length).toBe(1); // refused: the first tab retries in 2 s
    const second = await context.newPage();
    await second.goto(`${suite.site.origin}/tabs`);
    await widgetReady(second);
    await call(second, 'optOut');
    await expect.poll(() => pending(first)).toBe(0);
    const attempts = flaky.requests.length;
    await quiet(3000);
    // Nothing after the opt-out: the first tab's retry finds no queue.
    expect(flaky.requests).toHaveLength(attempts);
    expect(attempts).toBeLessThanOrEqual(2);
    flaky.answers.length = 0;
  });

  test('forget(): the queue, ids and markers go; the next event carries a new anonymous id', async () => {
    suite.embed('/forget', { feature: 'forget-feature' }, { config: { flushDelay: 50 } });
    const { page, problems } = await suite.open('/forget');
    await widgetReady(page);
    await giveFeedback(page, 'before forgetting');
    await page.getByText(SENT).waitFor();
    const [before] = await suite.storedFor('forget-feature');
    expect((await browserStorage(page)).local).toEqual(['feedloop:anonymousId', 'feedloop:queue:' + suite.ingest.publicKey, 'feedloop:submitted']);

    await call(page, 'forget');
    expect(await browserStorage(page)).toEqual(NOTHING);
    expect(await call(page, 'hasSubmitted')).toBe(false);

    await call(page, 'feedback', { comment: 'after forgetting' });
    await expect.poll(async () => (await suite.storedFor('forget-feature')).length, { timeout: 10_000 }).toBe(2);
    const after = (await suite.storedFor('forget-feature')).find((row) => row.comment == 'after forgetting')!;
    expect(after.anonymous_id).not.toBe(before!.anonymous_id);
    expect(after.session_id).not.toBe(before!.session_id);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('feedloop:anonymousId')!))).toBe(after.anonymous_id);
    expect(problems).toEqual([]);
  });

  test('Global Privacy Control: exposures are not sent, feedback is; with data-consent="true" exposures go', async () => {
    const gpc = (context: BrowserContext) =>
      context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
    suite.embed('/gpc', { feature: 'gpc-feature', experiments: '{"gpc-exp":"a"}' }, { config: { flushDelay: 50 } });
    const { page, problems } = await suite.open('/gpc', {}, gpc);
    await widgetReady(page);
    await giveFeedback(page, 'sent under GPC');
    await page.getByText(SENT).waitFor();
    expect(await suite.storedFor('gpc-feature')).toMatchObject([{ comment: 'sent under GPC', experiments: { 'gpc-exp': 'a' } }]);
    expect(await exposuresOf('gpc-exp')).toEqual([]); // queued before the feedback, it would have gone first
    expect(problems).toEqual([]);

    suite.embed('/gpc-consented', { feature: 'gpc-feature', experiments: '{"gpc-consented":"b"}', consent: 'true' }, { config: { flushDelay: 50 } });
    const consented = await suite.open('/gpc-consented', {}, gpc);
    await widgetReady(consented.page);
    await expect.poll(async () => (await exposuresOf('gpc-consented')).length, { timeout: 10_000 }).toBe(1);
  });

  test('consent pending: nothing stored, no exposure sent, the user’s feedback sent; consent(true) sends the held exposure', async () => {
    suite.embed('/pending', { feature: 'pending-feature', experiments: '{"pending-exp":"a"}', consent: 'pending' }, { config: { flushDelay: 50 } });
    const { page, problems, context } = await suite.open('/pending');
    const requests = eventRequests(context);
    await widgetReady(page);
    await quiet(500);
    expect(requests).toEqual([]);
    expect(await browserStorage(page)).toEqual(NOTHING);

    await giveFeedback(page, 'typed before answering the banner');
    await page.getByText(SENT).waitFor();
    const [feedback] = await suite.storedFor('pending-feature');
    expect(feedback).toMatchObject({ comment: 'typed before answering the banner' });
    expect(await browserStorage(page)).toEqual(NOTHING);
    expect(await exposuresOf('pending-exp')).toEqual([]);

    await call(page, 'consent', true);
    await expect.poll(async () => (await exposuresOf('pending-exp')).length, { timeout: 10_000 }).toBe(1);
    // The exposure carries the id the feedback carried, which the browser now keeps.
    expect((await exposuresOf('pending-exp'))[0]).toMatchObject({ anonymous_id: feedback!.anonymous_id, session_id: feedback!.session_id });
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('feedloop:anonymousId')!))).toBe(feedback!.anonymous_id);
    expect(problems).toEqual([]);
  });

  test('consent(false): the held exposures are dropped, nothing is stored or sent', async () => {
    suite.embed('/declined', { feature: 'declined-feature', experiments: '{"declined-exp":"a"}', consent: 'pending' }, { config: { flushDelay: 50 } });
    const { page, problems, context } = await suite.open('/declined');
    const requests = eventRequests(context);
    await widgetReady(page);
    await call(page, 'consent', false);
    await call(page, 'exposure', 'declined-exp', 'b');
    await call(page, 'flush');
    await page.goto(`${suite.site.origin}/elsewhere`); // nothing for the beacon either
    await quiet(500);
    expect(requests).toEqual([]);
    expect(await exposuresOf('declined-exp')).toEqual([]);
    await page.goto(`${suite.site.origin}/declined`);
    await widgetReady(page);
    expect(await browserStorage(page)).toEqual(NOTHING);
    expect(problems).toEqual([]);
  });

  test('consent mode under a strict CSP, opened before the core: no violation, nothing stored, feedback sent', async () => {
    const { ingest } = suite;
    const csp = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${ingest.url}; object-src 'none'; base-uri 'none'`;
    suite.embed('/csp-consent', { feature: 'csp-consent', consent: 'pending' }, { headers: { 'content-security-policy': csp } });
    // A page that never goes idle: the first open must bring the core (the privacy layer), not
    // go straight to the panel chunk, which would store the ids and the queue.
    const { page, problems } = await suite.open('/csp-consent', {}, (context) => context.addInitScript(() => ((window as any).requestIdleCallback = () => 0)));
    await page.waitForFunction(() => typeof (window as any).feedloop?.on == 'function');
    await giveFeedback(page, 'strict and pending');
    await page.getByText(SENT).waitFor();
    expect(await suite.storedFor('csp-consent')).toHaveLength(1);
    expect(await browserStorage(page)).toEqual(NOTHING);
    expect(problems).toEqual([]);
  });
});
