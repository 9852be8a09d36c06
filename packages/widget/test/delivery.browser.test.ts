import { afterEach, beforeAll, expect, test } from 'vitest';
import { describeInChromium, openPage } from './support/browser.js';
import { flakyEndpoint, type FlakyEndpoint } from './support/flaky-endpoint.js';
import { widgetSuite } from './support/suite.js';
import { giveFeedback, pending, recorded, widgetReady } from './support/widget-page.js';

const QUEUED_MESSAGE = 'Your feedback is saved and will be sent when the connection is back.';

describeInChromium('delivery: nothing the user gave is lost', () => {
  const suite = widgetSuite();
  let flaky: FlakyEndpoint;

  beforeAll(() => {
    flaky = flakyEndpoint(suite.site, '/flaky');
  });
  afterEach(() => {
    flaky.requests.length = 0;
    flaky.answers.length = 0;
  });

  const realPage = (path: string, feature: string, config: Record<string, unknown> = { flushDelay: 50 }) => suite.embed(path, { feature }, { config });
  /** A page sending to the scripted endpoint, with a key of its own. */
  const flakyPage = (path: string, dataset: Record<string, string> = {}, config: Record<string, unknown> = { flushDelay: 50 }) =>
    suite.embed(path, { key: 'pk_flaky', endpoint: flaky.endpoint, feature: 'flaky', ...dataset }, { config });
  const countOf = async (feature: string) => (await suite.ingest.features()).features.find((f) => f.feature == feature)?.count ?? 0;

  test('offline, then online: the feedback waits, then is stored once', async () => {
    realPage('/offline', 'offline-feature');
    const { page, problems, context } = await suite.open('/offline');
    await widgetReady(page);
    await page.getByRole('button', { name: 'Feedback' }).click(); // panel loaded while online
    await page.getByRole('button', { name: 'Close' }).click();

    await context.setOffline(true);
    await giveFeedback(page, 'written offline');
    await page.getByText(QUEUED_MESSAGE).waitFor();
    expect(await pending(page)).toBe(1);
    expect((await recorded(page, 'error'))[0]).toMatchObject({ kind: 'network' });

    await context.setOffline(false); // fires `online`: the queue goes out at once
    await expect.poll(() => pending(page), { timeout: 10_000 }).toBe(0);
    await page.evaluate(() => (window as any).feedloop.flush());
    expect(await countOf('offline-feature')).toBe(1);
    const rows = await suite.ingest.stored('feedback');
    expect(rows.filter((row) => row.comment == 'written offline')).toHaveLength(1);
    expect(problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  test('endpoint blocked (ad blocker): the user is told it is saved, the host gets an error event, a reload delivers it', async () => {
    const { ingest } = suite;
    realPage('/blocked', 'blocked-feature');
    const { page, context } = await suite.open('/blocked', {}, (context) => context.route(`${ingest.url}/**`, (route) => route.abort('blockedbyclient')));
    await widgetReady(page);
    await giveFeedback(page, 'sent through an ad blocker');
    await page.getByText(QUEUED_MESSAGE).waitFor();
    expect((await recorded(page, 'error'))[0]).toMatchObject({ kind: 'network', code: 'network_error' });
    expect(await countOf('blocked-feature')).toBe(0);
    const queuedId = await page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('feedloop:queue:'))![1])[0].id);

    await context.unroute(`${ingest.url}/**`);
    await page.reload(); // the queue survived in localStorage
    await widgetReady(page);
    await expect.poll(() => pending(page), { timeout: 10_000 }).toBe(0);
    expect(await countOf('blocked-feature')).toBe(1);
    const rows = await ingest.stored('feedback');
    expect(rows.filter((row) => row.id == queuedId)).toHaveLength(1);
  });

  test('5xx and 429 are retried with backoff, honouring Retry-After, always with the same event id', async () => {
    flaky.answers.push({ status: 503, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '2' } });
    flakyPage('/retry');
    const { page } = await suite.open('/retry');
    await widgetReady(page);
    const eventId = await page.evaluate(() => (window as any).feedloop.feedback({ comment: 'retry me' }).id);
    await expect.poll(() => flaky.requests.length, { timeout: 15_000 }).toBe(3);
    const [first, second, third] = flaky.requests;
    for (const request of flaky.requests) expect(request.events.map((e) => e.id)).toEqual([eventId]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000 - 50);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(2000 - 50);
    await expect.poll(() => pending(page)).toBe(0);
    const errors = await recorded(page, 'error');
    expect(errors.map((e: any) => [e.status, e.retryIn >= 1000])).toEqual([
      [503, true],
      [429, true],
    ]);
    expect(first!.headerKey).toBe('pk_flaky');
    expect(first!.contentType).toBe('application/json');
  });

  test('other 4xx are never retried', async () => {
    flaky.answers.push({ status: 400 });
    flakyPage('/bad-request');
    const { page } = await suite.open('/bad-request');
    await widgetReady(page);
    await page.evaluate(() => (window as any).feedloop.feedback({ comment: 'refused' }));
    await expect.poll(() => flaky.requests.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(flaky.requests).toHaveLength(1);
    expect(await pending(page)).toBe(0);
    // The submitter's update check may report its own error too (this endpoint serves no updates).
    const refused = (await recorded(page, 'error')).find((e: { kind: string }) => e.kind === 'http');
    expect(refused).toMatchObject({ kind: 'http', status: 400, code: 'scripted' });
    expect(refused.retryIn).toBeUndefined();
  });

  test('pagehide hands the queue to sendBeacon: text/plain, key in the query, stored by the service', async () => {
    realPage('/beacon', 'beacon-feature', { flushDelay: 600_000 }); // only the beacon can deliver it
    const { site } = suite;
    site.pages.set('/elsewhere', { body: '<!doctype html><title>Elsewhere</title>' });
    const { page } = await suite.open('/beacon');
    await widgetReady(page);
    await page.evaluate(() => (window as any).feedloop.feedback({ rating: { scale: 'stars', value: 4 } }));
    await page.goto(`${site.origin}/elsewhere`);
    await expect.poll(() => countOf('beacon-feature'), { timeout: 10_000 }).toBe(1);

    // What went over the wire, seen by the test endpoint.
    flakyPage('/beacon-wire', { key: 'pk_wire', feature: 'wire' }, { flushDelay: 600_000 });
    await page.goto(`${site.origin}/beacon-wire`);
    await widgetReady(page);
    await page.evaluate(() => (window as any).feedloop.feedback({ comment: 'beacon' }));
    await page.goto(`${site.origin}/elsewhere`);
    await expect.poll(() => flaky.requests.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(flaky.requests[0]).toMatchObject({ contentType: 'text/plain;charset=UTF-8', queryKey: 'pk_wire', headerKey: undefined });
  });

  test('the queue is bounded: the oldest events are dropped, with a counted warning', async () => {
    flaky.answers.push(...Array.from({ length: 20 }, () => ({ status: 503, headers: { 'retry-after': '60' } })));
    flakyPage('/bounded', { key: 'pk_bounded', feature: 'bounded' }, { flushDelay: 50, maxQueue: 3 });
    const { page } = await suite.open('/bounded');
    const warnings: string[] = [];
    page.on('console', (message) => message.type() == 'warning' && warnings.push(message.text()));
    await widgetReady(page);
    await page.evaluate(() => {
      for (const n of [1, 2, 3, 4, 5]) (window as any).feedloop.feedback({ comment: `comment ${n}` });
    });
    const kept = await page.evaluate(() =>
      JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('feedloop:queue:'))![1]).map((e: any) => e.comment),
    );
    expect(kept).toEqual(['comment 3', 'comment 4', 'comment 5']);
    expect(warnings).toEqual(['feedloop: queue full, events dropped: 1', 'feedloop: queue full, events dropped: 2']);
  });

  test('events carry the contract fields; an exposure is sent once per session per experiment', async () => {
    const { site, ingest, browser } = suite;
    suite.embed('/experiments', { feature: 'exp-feature', experiments: '{"cta-colour":"green","layout":"b"}' }, { config: { flushDelay: 50, appVersion: '2.3.0' } });
    const { page } = await suite.open('/experiments', { locale: 'en-GB' });
    await widgetReady(page);
    await page.reload();
    await widgetReady(page);
    await page.evaluate(() => (window as any).feedloop.feedback({ rating: { scale: 'nps', value: 9 }, category: 'praise' }));
    await expect.poll(() => pending(page), { timeout: 10_000 }).toBe(0);

    const exposures = (await ingest.stored('exposures')).filter((row) => row.experiment == 'cta-colour' || row.experiment == 'layout');
    expect(exposures.map((row) => `${row.experiment}=${row.variant}`).sort()).toEqual(['cta-colour=green', 'layout=b']);
    const [feedback] = (await ingest.stored('feedback')).filter((row) => row.feature == 'exp-feature');
    expect(feedback).toMatchObject({
      rating_scale: 'nps',
      rating_value: 9,
      category: 'praise',
      experiments: { 'cta-colour': 'green', layout: 'b' },
      app_version: '2.3.0',
      locale: 'en-GB',
      url: `${site.origin}/experiments`,
      anonymous_id: exposures[0]!.anonymous_id,
      session_id: exposures[0]!.session_id,
    });

    // A new session (new context) is exposed again.
    const other = await browser.newContext();
    const { page: second } = await openPage(other, `${site.origin}/experiments`);
    await widgetReady(second);
    await expect.poll(() => pending(second), { timeout: 10_000 }).toBe(0);
    await other.close();
    const after = (await ingest.stored('exposures')).filter((row) => row.experiment == 'cta-colour');
    expect(after).toHaveLength(2);
  });
});
