import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { feedbackEvent, postEvents } from '../../server/test/support/app.js';
import { SCREENSHOTS, audit, expectNothingRan, useDashboard } from './support/dashboard.js';
import { XSS_PAYLOADS, seed } from './support/seed.js';

describeInChromium('the dashboard', () => {
  const d = useDashboard('Dashboard test', (app, keys) => seed(app, keys.publicKey, keys.secretKey));
  const { signedIn } = d;

  const featureRow = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  const featureNames = (page: Page) => page.locator('table.features tbody th a').allTextContents();

  it('is served with a strict Content-Security-Policy; its files beside it', async () => {
    const page = await fetch(`${d.base}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(await page.text()).toContain('<script type="module" src="dashboard.js"></script>');
    for (const [file, type] of [
      ['dashboard.js', 'javascript'],
      ['uplot.css', 'text/css'],
      ['dashboard.css', 'text/css'],
    ] as const) {
      const response = await fetch(`${d.base}/dashboard/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
      // Read to the end: a response left unread holds its connection open, and closing the service waits for it.
      await response.arrayBuffer();
    }
    expect((await fetch(`${d.base}/dashboard`, { redirect: 'manual' })).headers.get('location')).toBe('/dashboard/');
    expect((await fetch(`${d.base}/dashboard/index.html`)).status).toBe(404);
  });

  it('sign in: refuses a wrong password; the session is an HttpOnly cookie, no key or token where scripts or URLs hold it', async () => {
    const { page, problems, requests } = await d.open();
    await page.getByLabel('Email').fill(d.user.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Wrong email or password.').waitFor();
    // A secret key is no way in any more: there is no field for it.
    expect(await page.getByLabel('Secret key').count()).toBe(0);
    await d.signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Features' }).waitFor();
    expect(requests.some((url) => url.includes('/v1/'))).toBe(true);
    // Neither a key nor the session token in any URL, in storage or in document.cookie.
    const token = (await page.context().cookies()).find((c) => c.name === 'feedloop_session')!;
    expect(token).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    for (const secret of [d.keys.secretKey, token.value]) {
      expect(page.url()).not.toContain(secret);
      expect(requests.filter((url) => url.includes(secret))).toEqual([]);
      expect(await page.evaluate(() => JSON.stringify([localStorage, sessionStorage, document.cookie]))).not.toContain(secret);
    }
    expect(await page.evaluate(() => document.cookie)).toBe('');
    // The browser console saw the 401 of the wrong password; nothing else.
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    // A reload keeps the session; signing out ends it.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Features' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    await page.reload();
    await page.getByLabel('Email').waitFor();
  });

  it('overview: every feature with volume, rating, change and trend; sorts, filters, changes range', async () => {
    const { page, problems, foreign } = await signedIn();
    await featureRow(page, 'checkout').waitFor();
    expect((await featureNames(page)).sort()).toEqual(['checkout', 'onboarding/step:1', 'search', 'xss']);
    // Sorted by volume (descending) by default: checkout has the most.
    expect((await featureNames(page))[0]).toBe('checkout');
    const checkout = featureRow(page, 'checkout');
    await expect.poll(() => checkout.locator('svg.sparkline').count()).toBe(1);
    expect(await checkout.textContent()).toMatch(/% positive/);
    expect(await featureRow(page, 'search').textContent()).toMatch(/\/ 5 stars/);
    expect(await featureRow(page, 'onboarding/step:1').textContent()).toMatch(/NPS [+−-]?\d+/);

    // Keyboard: the first Tab reaches "Skip to content", which moves focus to the page's heading.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName + ':' + document.activeElement?.textContent)).toBe('H1:Features');

    await page.getByRole('button', { name: 'Feature' }).click(); // by name, A→Z
    expect(await featureNames(page)).toEqual(['checkout', 'onboarding/step:1', 'search', 'xss']);
    expect(await page.getByRole('columnheader', { name: 'Feature' }).getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('button', { name: 'Feature' }).click();
    expect(await featureNames(page)).toEqual(['xss', 'search', 'onboarding/step:1', 'checkout']);

    await page.getByRole('searchbox', { name: 'Filter' }).fill('SEAR');
    expect(await featureNames(page)).toEqual(['search']);
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');

    // 7 days compared with the 7 before: the change column shows a percentage.
    const listed = page.waitForResponse((r) => r.url().includes('/v1/features?') && r.status() === 200);
    await page.getByRole('combobox', { name: 'Time range' }).selectOption('7d');
    await listed;
    await expect.poll(() => featureRow(page, 'checkout').locator('td.change').textContent()).toMatch(/%/);
    await page.getByRole('combobox', { name: 'Time range' }).selectOption('30d');
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('feature page: chart with release marker, distribution, categories, filtered comment stream', async () => {
    const { page, problems } = await signedIn();
    await page.getByRole('link', { name: 'checkout', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'checkout' }).waitFor();
    expect(page.url()).toContain('#/features/checkout');
    await page.locator('.chart-canvas .uplot canvas').first().waitFor();
    await page.getByText('Releases').waitFor();
    expect(await page.locator('.releases').textContent()).toContain('2.4.0');
    expect(await page.getByRole('list', { name: 'Thumbs ratings' }).textContent()).toMatch(/Thumbs up.*Thumbs down/);
    expect(await page.getByRole('list', { name: 'Feedback per category' }).textContent()).toMatch(/bug\d+/);
    // The chart's numbers are available as a table too.
    await page.getByText('Show the numbers').click();
    expect(await page.locator('.chart-data tbody tr').count()).toBeGreaterThan(20);

    // Before / after the release.
    await page.getByRole('button', { name: 'Before / after' }).click();
    await page.getByRole('table', { name: /Before and after 2\.4\.0/ }).waitFor();

    const stream = page.getByRole('list', { name: 'Feedback items, newest first' });
    await stream.locator('article').first().waitFor();
    await page.getByRole('combobox', { name: 'Category' }).selectOption('bug');
    await expect.poll(async () => new Set(await stream.locator('article .meta .chip:not(.experiment)').allTextContents())).toEqual(new Set(['bug']));
    await page.getByRole('combobox', { name: 'Category' }).selectOption('');
    // Rating: only thumbs-down items remain.
    await page.getByRole('combobox', { name: 'Rating' }).selectOption('thumbs:0');
    await expect.poll(async () => new Set(await stream.locator('article .rating-chip').allTextContents())).toEqual(new Set(['Thumbs down']));
    await page.getByRole('combobox', { name: 'Rating' }).selectOption('');
    // "With a comment only" (ticked by default): half the seeded checkout items have none; unticked, they show.
    const uncommented = stream.locator('article > p.muted', { hasText: 'No comment.' });
    expect(await uncommented.count()).toBe(0);
    await page.getByRole('checkbox', { name: 'With a comment only' }).uncheck();
    await expect.poll(() => uncommented.count()).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: 'With a comment only' }).check();
    await expect.poll(() => uncommented.count()).toBe(0);
    expect(await stream.locator('article .comment').count()).toBeGreaterThan(0);
    await page.getByRole('searchbox', { name: 'Search comments' }).fill('payment FAILED');
    await expect
      .poll(async () => {
        const comments = await stream.locator('.comment').allTextContents();
        return comments.length > 0 && comments.every((c) => c.startsWith('Payment failed twice'));
      })
      .toBe(true);
    await page.getByRole('searchbox', { name: 'Search comments' }).fill('no such words anywhere');
    await page.getByText('No feedback matches.').waitFor();
    expect(problems).toEqual([]);
  });

  it('experiments: variants with intervals, differences with p-values, verdict; a sample-ratio mismatch is flagged', async () => {
    const { page, problems } = await signedIn('#/experiments');
    await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
    await page.getByRole('link', { name: 'checkout-button' }).click();
    await page.getByRole('heading', { level: 1, name: 'checkout-button' }).waitFor();
    const variants = page.locator('table.variants');
    await variants.waitFor();
    expect(await variants.locator('tbody th').allTextContents()).toEqual(['controlcontrol', 'one-click']);
    expect(await variants.locator('svg.interval').count()).toBeGreaterThanOrEqual(4);
    await page.getByRole('heading', { name: 'one-click against control' }).waitFor();
    const metrics = page.getByRole('table', { name: /Each metric of one-click/ });
    expect(await metrics.textContent()).toMatch(/Thumbs up share/);
    expect(await metrics.textContent()).toMatch(/p-value/);
    await page.getByRole('heading', { name: 'Verdict' }).waitFor();
    expect(await page.locator('.verdict-card').textContent()).toMatch(/one-click\s*(Better|Worse|No detectable difference|Not enough data)/);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('.srm-ok').textContent()).toMatch(/split as configured/);

    await page.getByRole('link', { name: 'Experiments' }).first().click();
    await page.getByRole('link', { name: 'banner' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Sample ratio mismatch' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/on 50 \(expected 100\)/);
    expect(problems).toEqual([]);
  });

  it('live: new feedback appears without a reload', async () => {
    const { page, problems } = await signedIn();
    await featureRow(page, 'checkout').waitFor();
    const status = page.locator('.live-status');
    await expect.poll(() => status.getAttribute('data-status')).toMatch(/live|polling/);
    const streaming = (await status.getAttribute('data-status')) === 'live';
    const comment = `Arrived live ${Date.now()}`;
    const sent = Date.now();
    const response = await postEvents(d.t.app, d.keys.publicKey, [feedbackEvent({ feature: 'brand-new', comment, category: 'idea' })]);
    expect(response.statusCode).toBe(200);
    await page.getByText(comment).waitFor({ timeout: streaming ? 5_000 : 12_000 });
    const elapsed = Date.now() - sent;
    // With the stream: within a second (plus test slack); polling: within its 5 s period.
    expect(elapsed).toBeLessThan(streaming ? 2_000 : 11_000);
    // The new feature joins the table without a reload too.
    await featureRow(page, 'brand-new').waitFor();
    expect(problems).toEqual([]);
  });

  it('live: a triage change made elsewhere shows without a reload (feedback.updated)', async () => {
    const { page, problems } = await signedIn('#/features/search');
    const first = page.getByRole('list', { name: 'Feedback items, newest first' }).locator('article').first();
    await first.waitFor();
    await expect.poll(() => page.locator('.live-status').getAttribute('data-status')).toBe('live');
    const id = await first.getAttribute('data-id');
    const patched = await d.t.app.inject({
      method: 'PATCH',
      url: `/v1/feedback/${id}`,
      headers: { authorization: `Bearer ${d.keys.secretKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ status: 'in_progress', tags: ['from-elsewhere'] }),
    });
    expect(patched.statusCode).toBe(200);
    const sent = Date.now();
    await expect.poll(() => first.getByRole('combobox', { name: /Status of/ }).inputValue(), { timeout: 5_000 }).toBe('in_progress');
    expect(Date.now() - sent).toBeLessThan(2_000);
    await first.locator('.chip.tag', { hasText: 'from-elsewhere' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('live without the stream endpoint (404): polls every 5 s instead', async () => {
    const { page, problems } = await d.open('', {
      prepare: (context) =>
        context.route('**/v1/stream', (route) =>
          route.fulfill({ status: 404, contentType: 'application/json', body: '{"code":"not_found","message":"no route"}' }),
        ),
    });
    await d.signIn(page);
    await featureRow(page, 'checkout').waitFor();
    await expect.poll(() => page.locator('.live-status').getAttribute('data-status')).toBe('polling');
    const comment = `Polled ${Date.now()}`;
    await postEvents(d.t.app, d.keys.publicKey, [feedbackEvent({ feature: 'checkout', comment })]);
    await page.locator('.latest').getByText(comment).waitFor({ timeout: 8_000 });
    // The console shows the 404 of the probe; nothing else.
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
  });

  it('hostile feedback is shown as text: no script runs, nothing is loaded or sent', async () => {
    const { page, problems, foreign, dialogs } = await d.open();
    await d.signIn(page);
    // The overview's latest feedback shows the newest: hostile ones.
    await page.locator('.latest .comment').first().waitFor();
    await page.goto(`${d.base}/dashboard/#/features/xss`);
    const stream = page.getByRole('list', { name: 'Feedback items, newest first' });
    await expect.poll(() => stream.locator('article').count()).toBe(XSS_PAYLOADS.length);
    // Open every item's triage form too (values in inputs) and wait a moment for anything deferred.
    await page.waitForTimeout(500);

    const shown = await stream.locator('.comment').allTextContents();
    expect(shown.sort()).toEqual([...XSS_PAYLOADS].sort());

    // A hostile reply, tag and issue link arrive through the live stream (feedback.updated).
    const target = await stream.locator('article').first().getAttribute('data-id');
    const patch = (body: unknown) =>
      d.t.app.inject({
        method: 'PATCH',
        url: `/v1/feedback/${target}`,
        headers: { authorization: `Bearer ${d.keys.secretKey}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const hostile = { publicReply: XSS_PAYLOADS[0], tags: ['<img src=x onerror=alert(1)>'], issueUrl: 'javascript:alert(1)' };
    let patched = await patch(hostile);
    if (patched.statusCode === 400) patched = await patch({ ...hostile, issueUrl: 'https://x.example/"><script>alert(1)</script>' });
    expect(patched.statusCode).toBe(200);
    const card = stream.locator(`article[data-id="${target}"]`);
    await card.locator('.reply').waitFor();
    expect(await card.locator('.reply').textContent()).toBe(`Public reply: ${XSS_PAYLOADS[0]}`);
    expect(await card.locator('.chip.tag').allTextContents()).toEqual(['<img src=x onerror=alert(1)>']);
    await expectNothingRan({ page, problems, foreign, dialogs });
  });

  it('triage: status, reply, tracker link and tags one by one and in bulk', async (ctx) => {
    const { page, problems } = await signedIn('#/features/search');
    const stream = page.getByRole('list', { name: 'Feedback items, newest first' });
    const first = stream.locator('article').first();
    await first.waitFor();
    if (!d.t.app.hasRoute({ method: 'PATCH', url: '/v1/feedback/:id' })) {
      // Without the triage API the UI says so plainly instead of failing silently.
      await first.getByRole('combobox', { name: /Status of/ }).selectOption('planned');
      await first.getByText('Triage is not available on this server yet.').waitFor();
      expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
      ctx.skip();
      return;
    }
    const id = await first.getAttribute('data-id');
    await first.getByRole('combobox', { name: /Status of/ }).selectOption('planned');
    await first.getByText('Saved.').waitFor();
    await first.getByRole('button', { name: /Reply, link, tag/ }).click();
    await first.getByLabel(/Public reply/).fill('Thanks, <b>planned</b> for 2.5');
    await first.getByLabel(/Issue link/).fill('https://tracker.example.com/FL-1');
    await first.getByLabel(/Tags/).fill('search, ranking');
    await first.getByRole('button', { name: 'Save' }).click();
    await first.getByText('Thanks, <b>planned</b> for 2.5').waitFor();
    expect(await first.getByRole('link', { name: 'https://tracker.example.com/FL-1' }).getAttribute('href')).toBe('https://tracker.example.com/FL-1');
    expect(await first.locator('.chip.tag').allTextContents()).toEqual(['search', 'ranking']);
    const auth = { authorization: `Bearer ${d.keys.secretKey}` };
    const stored = await d.t.app.inject({ method: 'GET', url: '/v1/feedback?feature=search&status=planned', headers: auth });
    expect(stored.json().feedback.map((i: { id: string }) => i.id)).toContain(id);
    const state = (await d.t.app.inject({ method: 'GET', url: `/v1/feedback/${id}/triage`, headers: auth })).json();
    expect(state).toMatchObject({ status: 'planned', publicReply: 'Thanks, <b>planned</b> for 2.5', issueUrl: 'https://tracker.example.com/FL-1' });
    expect(state.audit.at(-1).actor).toBe('Ada Tester');
    // The history shows in the editor.
    await first.getByRole('button', { name: /Reply, link, tag/ }).click();
    await first.getByText(/History \(\d+\)/).click();
    expect(await first.locator('.audit').textContent()).toContain('Ada Tester');
    // … and when: each entry's time, machine-readable too.
    expect(await first.locator('.audit li time').last().getAttribute('datetime')).toBe(state.audit.at(-1).at);
    await first.getByRole('button', { name: 'Cancel' }).click();

    // The status filter finds the item among the others (all still new).
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('planned');
    await expect.poll(() => stream.locator('article').evaluateAll((list) => list.map((a) => a.getAttribute('data-id')))).toEqual([id]);
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('');
    await expect.poll(() => stream.locator('article').count()).toBeGreaterThan(1);

    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    const shownIds = await stream.locator('article').evaluateAll((list) => list.map((a) => a.getAttribute('data-id')!));
    await page.getByRole('combobox', { name: 'Set status' }).selectOption('acknowledged');
    await page.getByLabel('Add tags').fill('bulk-checked');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await page.getByText(/Updated \d+ items/).waitFor();
    // Stored for every item shown, and each card says so without a reload.
    const bulk = await d.t.app.inject({ method: 'GET', url: '/v1/feedback?feature=search&status=acknowledged&tag=bulk-checked&limit=100', headers: auth });
    expect(bulk.json().feedback.map((i: { id: string }) => i.id).sort()).toEqual([...shownIds].sort());
    await expect.poll(() => stream.locator('article .chip.tag', { hasText: 'bulk-checked' }).count()).toBe(shownIds.length);
    expect(problems).toEqual([]);
  });

  it('lagging aggregates: every page showing them says how old its numbers are, accessibly; fresh ones say nothing', async () => {
    const notice = (page: Page) => page.getByRole('status').filter({ has: page.locator('.notice-box') });
    const fresh = await signedIn();
    await featureRow(fresh.page, 'checkout').waitFor();
    expect(await fresh.page.locator('.freshness').count()).toBe(1);
    expect(await notice(fresh.page).count()).toBe(0);

    // Every aggregate answer as of 42 s before the test: the aggregator is behind.
    const asOf = new Date(Date.now() - 42_000).toISOString();
    const { page, problems } = await signedIn('', {
      prepare: (context) =>
        context.route(/\/v1\/(features|experiments|report)(\/|\?|$)/, async (route) => {
          const response = await route.fetch();
          await route.fulfill({ response, json: { ...(await response.json()), asOf } });
        }),
    });
    const clock = await page.evaluate((iso) => new Date(iso).toLocaleTimeString('en-GB'), asOf);
    const pages: [string, () => Promise<void>][] = [
      ['', () => featureRow(page, 'checkout').waitFor()],
      ['#/features/checkout', () => page.locator('.chart-canvas .uplot canvas').first().waitFor()],
      ['#/experiments', () => page.getByRole('link', { name: 'checkout-button' }).waitFor()],
      ['#/experiments/checkout-button', () => page.locator('table.variants').waitFor()],
      ['#/report', () => page.getByRole('region', { name: 'Closing the loop' }).waitFor()],
    ];
    for (const [path, ready] of pages) {
      await page.goto(`${d.base}/dashboard/${path}`);
      await ready();
      const text = (await notice(page).textContent({ timeout: 5_000 }))!;
      expect(text, path).toMatch(new RegExp(`^Numbers as of ${clock}, (\\d+) s behind: the aggregator is catching up$`));
      expect(Number(/(\d+) s behind/.exec(text)![1]), path).toBeGreaterThanOrEqual(42);
      expect(await notice(page).locator('time').getAttribute('datetime')).toBe(asOf);
      expect(await audit(page), path || 'overview').toEqual([]);
    }
    expect(problems).toEqual([]);
  });

  it('accessible (axe-core finds nothing) in light and dark; screenshots for the README', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const signIn = await d.open('', { colorScheme: scheme });
      await signIn.page.getByLabel('Email').waitFor();
      expect(await audit(signIn.page), `sign-in ${scheme}`).toEqual([]);

      const { page, problems } = await signedIn('', { colorScheme: scheme });
      await featureRow(page, 'checkout').locator('svg.sparkline').waitFor();
      await expect.poll(() => page.locator('table.features svg.sparkline').count()).toBeGreaterThanOrEqual(4);
      expect(await audit(page), `overview ${scheme}`).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}dashboard-overview-${scheme}.png` });

      await page.goto(`${d.base}/dashboard/#/features/checkout`);
      await page.locator('.chart-canvas .uplot canvas').first().waitFor();
      await page.getByRole('list', { name: 'Feedback items, newest first' }).locator('article').first().waitFor();
      expect(await audit(page), `feature ${scheme}`).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}dashboard-feature-${scheme}.png` });

      await page.goto(`${d.base}/dashboard/#/experiments`);
      await page.getByRole('link', { name: 'checkout-button' }).waitFor();
      expect(await audit(page), `experiments ${scheme}`).toEqual([]);

      await page.goto(`${d.base}/dashboard/#/experiments/checkout-button`);
      await page.locator('table.variants').waitFor();
      expect(await audit(page), `experiment ${scheme}`).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}dashboard-experiment-${scheme}.png`, fullPage: true });

      await page.goto(`${d.base}/dashboard/#/experiments/banner`);
      await page.getByRole('alert').waitFor();
      expect(await audit(page), `experiment with SRM ${scheme}`).toEqual([]);
      if (scheme === 'light') await page.screenshot({ path: `${SCREENSHOTS}dashboard-experiment-srm-light.png` });

      await page.goto(`${d.base}/dashboard/#/feedback`);
      await page.getByRole('heading', { level: 1, name: 'Feedback' }).waitFor();
      await page.getByRole('list', { name: 'Feedback items, newest first' }).locator('article').first().waitFor();
      expect(await audit(page), `feedback inbox ${scheme}`).toEqual([]);
      expect(problems).toEqual([]);
    }
  });

  it('usable on a laptop screen (1280×720): no page scrolls sideways, the navigation and range picker stay in view', async () => {
    const { page, problems } = await signedIn('', { viewport: { width: 1280, height: 720 } });
    const pages: [string, () => Promise<void>][] = [
      ['', () => featureRow(page, 'checkout').locator('svg.sparkline').waitFor()],
      ['#/features/checkout', () => page.locator('.chart-canvas .uplot canvas').first().waitFor()],
      ['#/feedback', () => page.getByRole('list', { name: 'Feedback items, newest first' }).locator('article').first().waitFor()],
      ['#/experiments', () => page.getByRole('link', { name: 'checkout-button' }).waitFor()],
      ['#/experiments/checkout-button', () => page.locator('table.variants').waitFor()],
      ['#/report', () => page.getByRole('region', { name: 'Closing the loop' }).waitFor()],
      ['#/webhooks', () => page.getByRole('heading', { name: 'Add a webhook' }).waitFor()],
    ];
    for (const [path, ready] of pages) {
      await page.goto(`${d.base}/dashboard/${path}`);
      await ready();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path || 'overview'} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      for (const control of [page.getByRole('navigation', { name: 'Main' }), page.getByRole('combobox', { name: 'Time range' })]) {
        const box = (await control.boundingBox())!;
        expect(box.x + box.width, path).toBeLessThanOrEqual(1280);
      }
    }
    expect(problems).toEqual([]);
  });
});
