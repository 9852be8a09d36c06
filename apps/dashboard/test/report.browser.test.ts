import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ReportResponse } from '@feedloop/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeInChromium, launchChromium, openPage } from '../../../packages/widget/test/support/browser.js';
import { listen, startTestApp, type TestApp } from '../../ingest/test/support/app.js';
import { MAX_AGE_HOURS } from './support/seed.js';
import { HOSTILE_NOTES, seedReport } from './support/report-seed.js';

const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
// Injected through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DAY = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

describeInChromium('the dashboard report page', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let keys: { publicKey: string; secretKey: string };
  /** What the API says about the default range (the last 30 days), to check the page against. */
  let expected: ReportResponse;
  const today = dayOf(Date.now());
  const tomorrow = dayOf(Date.now() + DAY);
  const from = dayOf(Date.now() - 29 * DAY);

  beforeAll(async () => {
    t = await startTestApp({ FEEDLOOP_EVENT_MAX_AGE_HOURS: MAX_AGE_HOURS });
    base = await listen(t);
    keys = await t.project('Report test');
    await seedReport(t.app, keys.publicKey, keys.secretKey);
    const response = await t.app.inject({
      method: 'GET',
      url: `/v1/report?from=${from}&to=${tomorrow}`,
      headers: { authorization: `Bearer ${keys.secretKey}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expected = response.json();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterEach(async () => {
    await context?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(path = '', options: { colorScheme?: 'light' | 'dark' } = {}) {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
    const foreign: string[] = [];
    context.on('request', (request) => {
      if (!request.url().startsWith(base)) foreign.push(request.url());
    });
    const { page, problems } = await openPage(context, `${base}/dashboard/${path}`);
    await page.getByLabel('Secret key').fill(keys.secretKey);
    await page.getByLabel(/Your name/).fill('Ada Tester');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('main h1').first().waitFor();
    return { page, problems, foreign };
  }

  async function audit(page: Page) {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(o?: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
      return axe.run({ resultTypes: ['violations'] });
    });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  }

  const section = (page: Page, name: string | RegExp) => page.getByRole('region', { name });
  const loaded = (page: Page) => page.getByRole('region', { name: 'Closing the loop' }).waitFor();

  it('the seeded data makes a report with something in every section', () => {
    expect(expected).toMatchObject({ from, to: tomorrow });
    expect(expected.features.improved.map((f) => f.feature)).toEqual(['checkout']);
    expect(expected.features.worsened.map((f) => f.feature)).toEqual(['search']);
    expect(expected.releases.map((r) => r.version)).toEqual(['3.1.0']);
    expect(expected.experiments.map((e) => e.experiment)).toEqual(['pricing-page']);
    expect(expected.terms[0]).toEqual({ term: 'coupon', comments: expect.any(Number) });
    expect(expected.triage).toEqual({ closed: 4, done: 3, declined: 1, replied: 2, submittersTold: 1, submittersWaiting: 2 });
  });

  it('shows what changed, with the evidence, releases, experiments, terms and the loop closed', async () => {
    const { page, problems, foreign } = await signedIn();
    // Reached from the main navigation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Report' }).waitFor();
    expect(page.url()).toContain('#/report');
    expect(await page.getByRole('link', { name: 'Report' }).getAttribute('aria-current')).toBe('page');
    await loaded(page);
    expect(await page.locator('.page-head p').textContent()).toBe(
      `${from} – ${today} (UTC), compared with ${expected.previous.from} – ${dayOf(Date.parse(expected.previous.to) - DAY)}`,
    );

    const summary = page.getByRole('region', { name: 'Summary' });
    expect(await summary.locator('.stat').allTextContents()).toEqual([
      `Feedback${expected.feedback.toLocaleString('en')}`,
      'Improved1features',
      'Worsened1features',
      'Releases1',
      'Experiments concluded1',
      'Items closed4',
    ]);

    // Improved: checkout's thumbs, 30 % → 85 %, with n, the difference's interval and p.
    const improved = section(page, 'Improved significantly');
    const checkout = improved.getByRole('row').filter({ has: page.getByRole('link', { name: 'checkout', exact: true }) });
    const thumbs = expected.features.improved[0]!.comparisons.find((c) => c.metric === 'thumbs')!;
    expect(thumbs.control.n).toBeGreaterThanOrEqual(60);
    const row = (await checkout.filter({ hasText: 'Thumbs up share' }).textContent())!;
    expect(row).toContain(`(n=${thumbs.control.n})`);
    expect(row).toContain(`(n=${thumbs.treatment.n})`);
    const pct = (x: number | null) => `${Math.round(x! * 100)} %`;
    expect(pct(thumbs.control.estimate)).toBe('30 %');
    expect(row).toContain(`${pct(thumbs.control.estimate)} (n=${thumbs.control.n})`);
    expect(row).toContain(`${pct(thumbs.treatment.estimate)} (n=${thumbs.treatment.n})`);
    const ci = thumbs.absolute!.ci!;
    const pts = (x: number) => `${x > 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} pts`;
    expect(row).toContain(`${pts(thumbs.absolute!.estimate)}${pts(ci.lower)} to ${pts(ci.upper)}`);
    expect(row).toMatch(/< 0\.001|0\.0\d\d/);
    expect(row).toContain('Better');
    // Worsened: search's stars, 4.50 → 1.98.
    const search = (await section(page, 'Worsened significantly').getByRole('row').filter({ hasText: 'Mean stars' }).textContent())!;
    expect(search).toMatch(/^search/);
    expect(search).toMatch(/4\.50.*1\.98/);
    expect(search).toContain('Worse');
    // The feature link leads to the feature's page.
    expect(await checkout.first().getByRole('link', { name: 'checkout' }).getAttribute('href')).toBe('#/features/checkout');

    // Releases: before / after with the metric table; notes shown as text.
    const releases = section(page, 'Releases');
    expect(await releases.getByRole('heading', { level: 3 }).textContent()).toMatch(/^3\.1\.0 released \d{4}-\d{2}-\d{2}$/);
    expect(await releases.locator('.release-notes').textContent()).toBe(HOSTILE_NOTES);
    const compared = releases.getByRole('table', { name: 'checkout: before and after 3.1.0' });
    expect(await compared.textContent()).toMatch(/Thumbs up share.*Better/);

    // Experiments concluded, with the verdict in words.
    const experiments = section(page, 'Experiments concluded');
    await experiments.getByRole('link', { name: 'pricing-page' }).waitFor();
    const thumbsResult = (await experiments.getByRole('row').filter({ hasText: 'Thumbs up share' }).textContent())!;
    expect(thumbsResult).toMatch(/^annual/);
    expect(thumbsResult).toContain('Better');
    expect(await experiments.locator('.srm-warning').count()).toBe(0);

    // Terms: most first, with the number of comments.
    const terms = page.getByRole('list', { name: 'Most-mentioned terms, most first' });
    const first = (await terms.locator('li').first().textContent())!;
    expect(first).toBe(`coupon${expected.terms[0]!.comments} comments`);
    expect(await terms.locator('li').count()).toBe(expected.terms.length);

    // The loop.
    const loop = section(page, 'Closing the loop');
    expect(await loop.locator('dl > div').allTextContents()).toEqual([
      'Items closed4 (3 done, 1 declined)',
      'With a public reply2',
      'Submitters told1',
      'Submitters not told yet2',
    ]);

    // Hostile text (notes, terms from hostile comments) made nothing: no element, handler or script.
    const injected = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
      elements: document.querySelectorAll('#app img, #app script, #app iframe, #app b, #app style').length,
      handlers: document.querySelectorAll('[onerror], [onload]').length,
    }));
    expect(injected).toEqual({ xss: null, elements: 0, handlers: 0 });
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the period picker changes the period, with the keyboard too, and the top bar follows', async () => {
    const { page, problems } = await signedIn('#/report');
    await loaded(page);
    const period = page.getByRole('group', { name: 'Period' });
    // From the page's heading, Tab reaches the period's first field.
    await page.getByRole('heading', { level: 1, name: 'Report' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('date');
    expect(await period.getByLabel('From').evaluate((el) => el === document.activeElement)).toBe(true);

    // The last 7 days: the experiment ended before them; the request asks for that period.
    const week = dayOf(Date.now() - 6 * DAY);
    const asked = page.waitForResponse((r) => r.url().includes(`/v1/report?from=${week}&to=${tomorrow}`) && r.status() === 200);
    await period.getByLabel('From').fill(week);
    await asked;
    await section(page, 'Experiments concluded').getByText('No experiment ended in this period.').waitFor();
    expect(await page.locator('.page-head p').textContent()).toMatch(new RegExp(`^${week} – ${today} \\(UTC\\)`));
    // The same range everywhere: the top bar's picker now shows the custom period.
    expect(await page.getByRole('combobox', { name: 'Time range' }).inputValue()).toBe('custom');
    expect(await page.getByLabel('From (UTC day)').inputValue()).toBe(week);

    // Longer than a report may be (on the way to an old period): said on the page, nothing asked.
    await period.getByLabel('From').fill('2020-01-01');
    await page.getByRole('alert').filter({ hasText: 'A report covers at most 366 days' }).waitFor();
    expect(await section(page, 'Summary').count()).toBe(0);
    // A period with nothing in it says so in every section.
    const empty = page.waitForResponse((r) => r.url().includes('/v1/report?from=2020-01-01&to=2020-02-01') && r.status() === 200);
    await period.getByLabel('Through').fill('2020-01-31');
    await empty;
    await section(page, 'Improved significantly').getByText("No feature's ratings improved significantly.").waitFor();
    await section(page, 'Releases').getByText('No release in this period.').waitFor();
    await section(page, 'Most-mentioned terms').getByText('No term appears in two comments or more.').waitFor();
    expect(problems).toEqual([]);
  });

  it('accessible (axe-core finds nothing) in light and dark; screenshots for the README', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await signedIn('#/report', { colorScheme: scheme });
      await loaded(page);
      await page.getByRole('table', { name: 'checkout: before and after 3.1.0' }).locator('svg.interval').first().waitFor();
      expect(await audit(page), `report ${scheme}`).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}dashboard-report-${scheme}.png`, fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
