import type { ReportResponse } from '@feedloop/protocol';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { NOTHING_INJECTED, SCREENSHOTS, audit, expectNothingRan, injected, useDashboard } from './support/dashboard.js';
import { renderHtml } from '../../server/src/services/report/render.js';
import { HOSTILE_NOTES, seedReport } from './support/report-seed.js';
import { XSS_PAYLOADS } from './support/seed.js';

const DAY = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * A copy of a report with every piece of free text (names, notes, terms, explanations) replaced by
 * XSS payloads in turn; dates and enumerations (metric, verdict) stay, so the page still renders.
 */
function hostileReport(report: ReportResponse): ReportResponse {
  const keep = new Set(['metric', 'verdict', 'from', 'to', 'releasedAt', 'firstDay', 'lastDay']);
  let next = 0;
  const swap = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') return keep.has(key) ? value : XSS_PAYLOADS[next++ % XSS_PAYLOADS.length];
    if (Array.isArray(value)) return value.map((v) => swap(v, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v, k)]));
    return value;
  };
  const copy = swap(report) as ReportResponse;
  // Each payload at least once, whatever the report's size: as the release notes and the terms.
  copy.releases[0]!.notes = XSS_PAYLOADS.join('\n');
  copy.terms = XSS_PAYLOADS.map((term, i) => ({ term, comments: XSS_PAYLOADS.length - i }));
  return copy;
}


describeInChromium('the dashboard report page', () => {
  const d = useDashboard('Report test', (app, keys) => seedReport(app, keys.publicKey, keys.secretKey));
  const { signedIn } = d;
  /** What the API says about the default range (the last 30 days), to check the page against. */
  let expected: ReportResponse;
  const today = dayOf(Date.now());
  const tomorrow = dayOf(Date.now() + DAY);
  const from = dayOf(Date.now() - 29 * DAY);

  beforeAll(async () => {
    const response = await d.t.app.inject({
      method: 'GET',
      url: `/v1/report?from=${from}&to=${tomorrow}`,
      headers: { authorization: `Bearer ${d.keys.secretKey}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expected = response.json();
  });

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
    const { page, problems, foreign, dialogs } = await signedIn();
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
    await expectNothingRan({ page, problems, foreign, dialogs });
  });

  it('a report whose every text is an XSS payload renders as text: no script, dialog, request or element', async () => {
    const hostile = hostileReport(expected);
    const { page, problems, foreign, dialogs } = await d.signedIn('', {
      // The page asks the service; the answer is the hostile copy (only the report is replaced).
      prepare: (context) => context.route('**/v1/report?*', (route) => route.fulfill({ json: hostile })),
    });
    await page.goto(`${d.base}/dashboard/#/report`);
    await loaded(page);
    const terms = page.getByRole('list', { name: 'Most-mentioned terms, most first' });
    expect(await terms.locator('.barlist-name').allTextContents()).toEqual(XSS_PAYLOADS);
    expect(await section(page, 'Releases').locator('.release-notes').textContent()).toBe(XSS_PAYLOADS.join('\n'));
    expect(await section(page, 'Experiments concluded').getByRole('heading', { level: 3 }).first().textContent()).toBe(hostile.experiments[0]!.experiment);
    await page.waitForTimeout(300); // anything deferred (onerror of a broken image, autofocus) would have run by now
    await expectNothingRan({ page, problems, foreign, dialogs });
  });

  it('the HTML report (pnpm feedloop report --format html) of the same hostile report runs nothing in Chromium', async () => {
    const hostile = hostileReport(expected);
    const html = renderHtml(hostile);
    const at = `${d.base}/hostile-report.html`;
    const { page, problems, foreign, dialogs } = await d.open('', {
      prepare: (context) => context.route(at, (route) => route.fulfill({ contentType: 'text/html', body: html })),
    });
    await page.goto(at);
    await page.locator('h1').waitFor();
    const text = (await page.locator('body').textContent())!;
    for (const payload of XSS_PAYLOADS.slice(0, -1)) expect(text).toContain(payload);
    await page.waitForTimeout(300);
    // Escaping alone keeps the markup out (the page's CSP is a second line, not the only one).
    expect(await injected(page, 'body')).toEqual(NOTHING_INJECTED);
    expect(await page.evaluate(() => [...new Set([...document.body.querySelectorAll('*')].map((e) => e.localName))].sort())).toEqual(
      ['em', 'h1', 'h2', 'li', 'p', 'ul'].filter((tag) => html.includes(`<${tag}`)),
    );
    expect(dialogs).toEqual([]);
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
    }
  });
});
