/**
 * Prompts in the script-tag widget (issue 16, docs/prompts.md), in Chromium against the real
 * service: definitions made through the API, the document fetched by the widget, events and
 * answers checked through the service (results API and stored rows).
 */
import { promptSampleBucket } from '@feedloop/protocol/prompt-rules';
import type { Page } from 'playwright-core';
import { beforeEach, expect, test } from 'vitest';
import { describeInChromium } from './support/browser.js';
import { widgetSuite } from './support/suite.js';
import { axeViolations } from './support/widget-page.js';

const HOSTILE_CSS = `<style>
* { all: unset !important; }
head, script, style, title { display: none !important; }
html, body { display: block !important; font: 40px/1 serif !important; color: red !important; }
button, input, textarea, dialog, section { z-index: 2147483647 !important; color: red !important; background: yellow !important; }
.overlay { position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; background: rgba(0,0,0,.2) !important; display: block !important; }
</style>`;

const definition = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  feature: name,
  scale: 'thumbs',
  question: { en: `How was ${name}?` },
  when: { event: 'x' },
  who: { samplePercent: 100 },
  ...extra,
});

describeInChromium('prompts in the script-tag widget', () => {
  const suite = widgetSuite();
  const defined: string[] = [];

  /** Defines a prompt; the prompts of earlier tests are paused, so each test has the document it states. */
  const define = async (name: string, extra?: Record<string, unknown>) => {
    const id = await suite.ingest.definePrompt(definition(name, extra));
    defined.push(id);
    return id;
  };
  beforeEach(async () => {
    for (const id of defined.splice(0)) await suite.ingest.updatePrompt(id, { status: 'paused' });
  });

  const region = (page: Page, question: string) => page.getByRole('region', { name: question });
  const track = (page: Page, name = 'x') => page.evaluate((n) => (window as any).feedloop.track(n), name);
  const documentFetched = (page: Page) => page.waitForResponse((response) => response.url().includes('/v1/prompt-document'));
  /** Two idle periods of the page: what the widget does after an event is done by then. */
  const idle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve))));
  const promptEvents = async (id: string) => (await suite.ingest.stored('prompt_events')).filter((row) => row.prompt_id == id);

  /** Presses Tab until the element focused (inside shadow roots too) has this accessible label. */
  async function tabTo(page: Page, label: string) {
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.getAttribute('aria-label') ?? active?.textContent;
      });
      if (focused == label) return;
    }
    throw Error(`Tab never reached "${label}"`);
  }

  test('due after track(): shown without taking focus, answered by keyboard only, stored with its prompt id; once per user', async () => {
    const id = await define('checkout', { comment: true });
    suite.embed('/plain', { prompts: 'on', experiments: '{"cta":"green"}' }, { body: '<main><h1>Shop</h1><input id="search" aria-label="Search"></main>' });
    const { page, problems, context } = await suite.open('/plain');
    await documentFetched(page);
    await page.locator('#search').focus();
    await track(page, 'checkout_completed'); // another event: not due
    await idle(page);
    expect(await region(page, 'How was checkout?').count()).toBe(0);
    await track(page);
    await region(page, 'How was checkout?').waitFor();
    // Focus stayed in the page; the question is announced by a live region.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await expect.poll(() => page.locator('feedloop-widget').evaluate((host) => host.shadowRoot!.querySelector('[aria-live]')!.textContent)).toBe('How was checkout?');
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, 'Good');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Easy');
    await tabTo(page, 'Send');
    await page.keyboard.press('Enter');
    await page.getByText('Thank you! Your feedback was sent.').waitFor();

    const results = await suite.ingest.promptResults(id);
    expect(results.overall).toMatchObject({ displays: 1, responses: 1, dismissals: 0 });
    const [answer] = await suite.storedFor('checkout');
    expect(answer).toMatchObject({ prompt_id: id, comment: 'Easy', rating_scale: 'thumbs', rating_value: 1 });
    const [shown] = await promptEvents(id);
    expect(shown).toMatchObject({ type: 'prompt_shown', feature: 'checkout', experiments: { cta: 'green' } });

    // The next page view: the caps say it was asked.
    const next = await context.newPage();
    await next.goto(`${suite.site.origin}/plain`);
    await documentFetched(next);
    await track(next);
    await idle(next);
    expect(await region(next, 'How was checkout?').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test('Escape dismisses (prompt_dismissed); a dismissal counts as an answer for daysAfterFeedback on the next page view', async () => {
    const first = await define('search');
    const second = await define('profile', { frequency: { daysBetweenPrompts: 0, daysAfterFeedback: 7 } });
    suite.embed('/dismiss', { prompts: 'on' });
    const { page, context, problems } = await suite.open('/dismiss');
    await track(page);
    await region(page, 'How was search?').waitFor();
    await tabTo(page, 'Good');
    await page.keyboard.press('Escape');
    await region(page, 'How was search?').waitFor({ state: 'detached' });
    await expect.poll(async () => (await promptEvents(first)).map((row) => row.type).sort()).toEqual(['prompt_dismissed', 'prompt_shown']);
    // Two were due: one was shown, the other not on this page view.
    expect(await region(page, 'How was profile?').count()).toBe(0);

    const next = await context.newPage();
    await next.goto(`${suite.site.origin}/dismiss`);
    await documentFetched(next);
    await track(next);
    await idle(next);
    expect(await next.locator('feedloop-widget').evaluate((host) => host.shadowRoot!.querySelectorAll('section').length)).toBe(0);
    expect(await promptEvents(second)).toEqual([]);
    const caps = JSON.parse((await next.evaluate(() => localStorage.getItem('feedloop:prompts')))!);
    expect(Object.keys(caps.s)).toEqual([first]);
    expect(problems).toEqual([]);
  });

  test('two prompts due at once: one is shown', async () => {
    const ids = [await define('one'), await define('two')];
    suite.embed('/two', { prompts: 'on' });
    const { page } = await suite.open('/two');
    await track(page);
    await region(page, 'How was one?').waitFor();
    await idle(page);
    expect(await page.locator('feedloop-widget').evaluate((host) => host.shadowRoot!.querySelectorAll('section').length)).toBe(1);
    await expect.poll(async () => (await promptEvents(ids[0]!)).length).toBe(1);
    expect(await promptEvents(ids[1]!)).toEqual([]);
  });

  test('a user outside a 0.01 % sample is not asked (the next prompt is)', async () => {
    const small = await define('sampled', { who: { samplePercent: 0.01 } });
    await define('everyone');
    // An anonymous id whose bucket for this prompt is not 0: outside the sample.
    const anonymousId = ['a', 'b', 'c'].map((c) => `00000000-0000-4000-8000-00000000000${c}`).find((a) => promptSampleBucket(small, a) > 0)!;
    suite.embed('/sample', { prompts: 'on' });
    const { page } = await suite.open('/sample', {}, (context) =>
      context.addInitScript((a) => localStorage.setItem('feedloop:anonymousId', JSON.stringify(a)), anonymousId),
    );
    await track(page);
    await region(page, 'How was everyone?').waitFor();
    expect(await region(page, 'How was sampled?').count()).toBe(0);
    expect(await promptEvents(small)).toEqual([]);
  });

  test('the document unreachable or hanging: nothing is shown, the page is not slowed', async () => {
    await define('unreachable', { when: { delaySeconds: 0 } });
    for (const mode of ['abort', 'hang'] as const) {
      suite.embed('/unreachable', { prompts: 'on' }, { body: '<button id="host">Host button</button>' });
      let requested!: () => void;
      const fetched = new Promise<void>((resolve) => (requested = resolve));
      const { page, problems } = await suite.open('/unreachable', {}, async (context) => {
        context.on('request', (request) => request.url().includes('/v1/prompt-document') && requested());
        await context.route('**/v1/prompt-document*', (route) => (mode == 'abort' ? route.abort('connectionrefused') : new Promise(() => {})));
      });
      await fetched;
      // The page responds at once and its load event came.
      expect(await page.evaluate(() => document.readyState)).toBe('complete');
      await page.locator('#host').click({ timeout: 1000 });
      await track(page);
      // Chromium starts no idle period while a routed request is pending: a timer instead. The
      // main thread answers at once (the evaluate returns), and a track() call is handled synchronously.
      const started = Date.now();
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await region(page, 'How was unreachable?').count()).toBe(0);
      expect(problems.filter((p) => !p.includes('ERR_CONNECTION_REFUSED'))).toEqual([]); // Chromium's own log of the refused request
    }
  });

  test('a prompt the widget does not understand is never shown and reported to the console once', async () => {
    await define('known');
    suite.embed('/malformed', { prompts: 'on' });
    const warnings: string[] = [];
    const { page } = await suite.open('/malformed', {}, (context) =>
      context.route('**/v1/prompt-document*', async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        const [known] = body.prompts;
        body.prompts = [{ ...known, id: '5f0c5c1e-0000-4000-8000-000000000001', question: { en: 'Unknown scale?' }, scale: 'slider' }, known];
        await route.fulfill({ response, json: body });
      }),
    );
    page.on('console', (message) => message.type() == 'warning' && warnings.push(message.text()));
    await track(page);
    await region(page, 'How was known?').waitFor();
    await track(page);
    await idle(page);
    expect(await region(page, 'Unknown scale?').count()).toBe(0);
    expect(warnings.filter((w) => w.includes('not understood'))).toHaveLength(1);
    expect(warnings[0]).toContain('scale');
  });

  test('opted out, or consent pending: no document, no prompt, no event', async () => {
    const id = await define('private', { when: { delaySeconds: 0 } });
    suite.embed('/optout', { prompts: 'on' });
    suite.embed('/pending', { prompts: 'on', consent: 'pending' });
    for (const path of ['/optout', '/pending']) {
      const requests: string[] = [];
      const { page, problems } = await suite.open(path, {}, async (context) => {
        if (path == '/optout') await context.addInitScript(() => localStorage.setItem('feedloop:optOut', '1'));
        context.on('request', (request) => requests.push(request.url()));
      });
      // The prompt chunk came (without the core: prompts alone do not need it), and found nothing to do.
      await expect.poll(() => requests.some((url) => /\/feedloop-prompts\.[a-f0-9]+\.js$/.test(url))).toBe(true);
      await idle(page);
      await track(page);
      await idle(page);
      await idle(page);
      expect(requests.filter((url) => url.includes('prompt-document'))).toEqual([]);
      expect(await region(page, 'How was private?').count()).toBe(0);
      expect(problems).toEqual([]);
    }
    expect(await promptEvents(id)).toEqual([]);
  });

  test('prompts alone: the prompt chunk, not the core; the core a call brings later keeps the one runtime, and its consent(false) stops it', async () => {
    const id = await define('handover');
    suite.embed('/alone', { prompts: 'on' });
    const scripts = (urls: string[]) => urls.filter((url) => url.includes('/widget/')).map((url) => url.replace(/^.*\/widget\/([a-z-]+)[.].*$/, '$1'));
    for (const [then, argument] of [['identify', 'user-1'], ['consent', false]] as const) {
      const requests: string[] = [];
      const { page, problems } = await suite.open('/alone', {}, async (context) => void context.on('request', (request) => requests.push(request.url())));
      await documentFetched(page);
      await idle(page);
      expect(scripts(requests)).toEqual(['feedloop', 'feedloop-prompts']);
      // A call: the core comes, replays it and completes the API; the runtime is not started twice.
      await page.evaluate(([method, value]) => (window as any).feedloop[method](value), [then, argument] as const);
      await page.waitForFunction(() => typeof (window as any).feedloop?.pending == 'function');
      await idle(page);
      await track(page);
      if (then == 'identify') await region(page, 'How was handover?').waitFor();
      else await idle(page);
      await idle(page);
      expect(await page.getByRole('region').count()).toBe(then == 'identify' ? 1 : 0);
      expect(requests.filter((url) => url.includes('prompt-document'))).toHaveLength(1);
      expect(scripts(requests)).toEqual(['feedloop', 'feedloop-prompts', 'feedloop-core']);
      expect(problems).toEqual([]);
    }
    // Shown once, on the first page; the browser whose user refused consent sent nothing.
    await expect.poll(async () => (await promptEvents(id)).map((event) => event.type)).toEqual(['prompt_shown']);
  });

  test('hostile page: CSS resets and a max z-index overlay; an open host modal makes the prompt wait', async () => {
    const id = await define('hostile', { when: { delaySeconds: 0 } });
    suite.embed('/hostile-prompt', { prompts: 'on' }, {
      head: HOSTILE_CSS,
      body: `<div class="overlay"></div><dialog id="host-modal"><p>Host modal</p><button id="close-modal">Close it</button></dialog><script src="/hostile-prompt.js"></script>`,
    });
    suite.site.handlers.push((request, response) => {
      if (request.url != '/hostile-prompt.js') return false;
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end("const m = document.getElementById('host-modal'); m.showModal(); document.getElementById('close-modal').onclick = () => m.close();");
      return true;
    });
    const { page, problems } = await suite.open('/hostile-prompt');
    await documentFetched(page);
    await idle(page);
    await idle(page);
    expect(await region(page, 'How was hostile?').count()).toBe(0); // waiting for the host's modal
    expect(await promptEvents(id)).toEqual([]);
    await page.locator('#close-modal').click();
    await region(page, 'How was hostile?').waitFor();
    // Above the overlay: a click on the choice reaches it.
    await page.getByRole('radio', { name: 'Good', exact: true }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    expect((await suite.ingest.promptResults(id)).overall).toMatchObject({ displays: 1, responses: 1 });
    expect(problems).toEqual([]);
  });

  test("strict CSP (script-src 'self'; style-src 'self') and right-to-left (ar): shown, answered, no violation; axe clean", async () => {
    const { ingest } = suite;
    const id = await define('rtl', { question: { en: 'How was it?', ar: 'كيف كانت التجربة؟' }, when: { delaySeconds: 0 } });
    const csp = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${ingest.url}; object-src 'none'; base-uri 'none'`;
    suite.embed('/csp-prompt', { prompts: 'on', locale: 'ar' }, { headers: { 'content-security-policy': csp } });
    suite.embed('/rtl-prompt', { prompts: 'on', locale: 'ar' }, { body: '<main><h1>متجر</h1></main>' });
    for (const path of ['/csp-prompt', '/rtl-prompt']) {
      const { page, problems } = await suite.open(path);
      const prompt = region(page, 'كيف كانت التجربة؟');
      await prompt.waitFor();
      expect(await prompt.getAttribute('dir')).toBe('rtl');
      // At the inline end of right-to-left: the left side.
      expect((await prompt.boundingBox())!.x).toBeLessThan(100);
      // axe is injected as an inline script, which the strict CSP refuses: audited on the page without it.
      if (path == '/rtl-prompt') expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('radio', { name: 'جيد', exact: true }).check();
      await page.getByRole('button', { name: 'إرسال' }).click();
      await page.getByText('شكرًا لك! تم إرسال ملاحظاتك.').waitFor();
      expect(problems).toEqual([]);
    }
    expect((await suite.ingest.promptResults(id)).overall).toMatchObject({ displays: 2, responses: 2 });
  });
});
