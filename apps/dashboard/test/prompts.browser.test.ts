import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { Prompt } from '@feedloop/protocol';
import { describeInChromium } from '../../../packages/widget/test/support/browser.js';
import { feedbackEvent, postEvents } from '../../server/test/support/app.js';
import { NOTHING_INJECTED, SCREENSHOTS, audit, injected, useDashboard } from './support/dashboard.js';
import { XSS_PAYLOADS } from './support/seed.js';

/** The preview frame's widget: its prompt region's text and direction, and traces of hostile markup in it. */
async function previewed(page: Page, title: RegExp) {
  const element = await page.getByTitle(title).elementHandle();
  const frame = (await element!.contentFrame()) as Frame;
  const region = frame.locator('feedloop-widget section.p');
  await region.waitFor();
  return {
    frame,
    region,
    sandbox: await element!.getAttribute('sandbox'),
    shown: await region.evaluate((section) => ({
      question: section.querySelector('#flp-q')?.textContent ?? null,
      dir: section.getAttribute('dir'),
      markup: section.querySelectorAll('img, script, iframe, b, style, [onerror], [onload], [onclick]').length,
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
      origin: self.origin,
    })),
  };
}

describeInChromium('the dashboard prompts page', () => {
  const d = useDashboard('Prompts test', async () => {});

  it('creates, edits, pauses, shows the results of and deletes a prompt; hostile wording stays text; axe clean', async () => {
    const { page, problems, foreign, dialogs, requests } = await d.signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prompts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Prompts' }).waitFor();
    expect(page.url()).toContain('#/prompts');
    await page.getByText('No prompt yet.').waitFor();

    // Create, with hostile wording in the name and the question.
    const hostile = XSS_PAYLOADS[0]!;
    await page.getByRole('button', { name: 'New prompt' }).click();
    const form = page.getByRole('region', { name: 'New prompt' });
    await form.getByLabel('Name (for the team)').fill(`After checkout ${hostile}`);
    await form.getByLabel('Feature').fill('checkout');
    await form.getByLabel('Scale').selectOption('thumbs');
    await form.getByLabel('Question').fill(hostile);
    await form.getByLabel('Other wordings (one per line: locale = text)').fill('de = Wie war es? <b>fett</b>');
    await form.getByLabel('On pages matching').fill('/checkout/*/x');
    await form.getByLabel('Sample (% of users)').fill('25');
    await form.getByLabel('Only in experiment').fill('onboarding');
    // An invalid route pattern: the service's reason shows, nothing is created.
    await form.getByRole('button', { name: 'Create prompt' }).click();
    await form.locator('.error[role="alert"]').getByText(/route pattern/).waitFor();
    await form.getByLabel('On pages matching').fill('/checkout/:step');
    await form.getByRole('button', { name: 'Create prompt' }).click();
    const row = page.locator('table.prompts tbody tr').first();
    await row.waitFor();
    expect(await row.locator('.prompt-name').textContent()).toBe(`After checkout ${hostile}`);
    expect(await row.locator('.prompt-question').textContent()).toBe(hostile);
    const listed = await d.t.app.inject({ method: 'GET', url: '/v1/prompts', headers: { authorization: `Bearer ${d.adminToken}` } });
    const prompt = listed.json().prompts[0] as Prompt;
    expect(prompt).toMatchObject({
      feature: 'checkout',
      question: { en: hostile, de: 'Wie war es? <b>fett</b>' },
      when: { path: '/checkout/:step' },
      who: { samplePercent: 25, experiment: 'onboarding' },
      status: 'active',
    });

    // Edit: the form starts from the stored prompt.
    await row.getByRole('button', { name: /^Edit/ }).click();
    const edit = page.getByRole('region', { name: /^Edit/ });
    expect(await edit.getByLabel('Question').inputValue()).toBe(hostile);
    await edit.getByLabel('Sample (% of users)').fill('50');
    await edit.getByRole('button', { name: 'Save prompt' }).click();
    await expect.poll(() => row.locator('td.num').textContent()).toBe('50 %');

    // Pause, and resume.
    await row.getByRole('button', { name: /^Pause/ }).click();
    await expect.poll(() => row.locator('.chip').textContent()).toBe('paused');
    await row.getByRole('button', { name: /^Resume/ }).click();
    await expect.poll(() => row.locator('.chip').textContent()).toBe('active');

    // Results: two variants of users shown the prompt, some answered.
    const shown = (user: string, variant: string) => ({
      type: 'prompt_shown', id: randomUUID(), timestamp: new Date().toISOString(), anonymousId: user, promptId: prompt.id,
      feature: 'checkout', experiments: { onboarding: variant },
    });
    const events = [
      ...Array.from({ length: 10 }, (_, i) => shown(`c${i}`, 'control')),
      ...Array.from({ length: 10 }, (_, i) => shown(`b${i}`, 'b')),
      ...Array.from({ length: 6 }, (_, i) => feedbackEvent({ anonymousId: `c${i}`, promptId: prompt.id, rating: { scale: 'thumbs', value: 1 } })),
      ...Array.from({ length: 2 }, (_, i) => feedbackEvent({ anonymousId: `b${i}`, promptId: prompt.id, rating: { scale: 'thumbs', value: 0 } })),
    ];
    expect((await postEvents(d.t.app, d.keys.publicKey, events)).json().accepted).toBe(events.length);
    await row.getByRole('button', { name: /^Results/ }).click();
    const results = page.getByRole('region', { name: /^Results of/ });
    await results.getByText('20 users').waitFor();
    expect(await results.locator('.stat').nth(3).textContent()).toContain('40 %');
    await results.locator('figure.chart canvas').first().waitFor();
    const variants = results.locator('table.prompt-variants tbody tr');
    expect(await variants.allTextContents()).toEqual(['b10220 % (6 % to 51 %)', 'control (control)10660 % (31 % to 83 %)']);
    await results.locator('table.metrics').first().waitFor();
    expect(await results.locator('.explanations').first().textContent()).toContain('at least 30 observations, but variant "b" has 10 and the control "control" has 10');

    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-prompts-light.png`, fullPage: true });
    expect(await injected(page)).toEqual(NOTHING_INJECTED);

    // Preview: the real widget in a sandboxed frame (no allow-same-origin: an opaque origin), the
    // hostile question as text, in the chosen locale; answering it sends nothing.
    const before = requests.length;
    await row.getByRole('button', { name: /^Preview/ }).click();
    const preview = page.getByRole('region', { name: /^Preview of/ });
    await preview.waitFor();
    let seen = await previewed(page, /^Prompt preview \(en\)/);
    expect(seen.sandbox).toBe('allow-scripts');
    expect(seen.shown).toEqual({ question: hostile, dir: 'ltr', markup: 0, xss: null, origin: 'null' });
    expect(await audit(page)).toEqual([]);
    // German wording, with its own markup as text.
    await preview.getByLabel('Locale').selectOption('de');
    seen = await previewed(page, /^Prompt preview \(de\)/);
    expect(seen.shown).toMatchObject({ question: 'Wie war es? <b>fett</b>', dir: 'ltr', markup: 0 });
    // Arabic: right to left (the question falls back to the default wording).
    await preview.getByLabel('Locale').selectOption('ar');
    seen = await previewed(page, /^Prompt preview \(ar\)/);
    expect(seen.shown).toMatchObject({ question: hostile, dir: 'rtl', markup: 0 });
    await preview.screenshot({ path: `${SCREENSHOTS}dashboard-prompt-preview-ar.png` });
    // Choose and send: the sandbox has no allow-forms, so Send submits nothing (no form is
    // submitted in the frame); the close button dismisses the prompt, as for a user.
    await seen.region.locator('input[type="radio"]').first().check();
    await seen.region.locator('button[type="submit"]').click();
    expect(await seen.region.locator('p[role="status"]').textContent()).toBe('');
    await seen.region.getByRole('button', { name: 'إغلاق' }).click();
    await seen.region.waitFor({ state: 'detached' });
    expect(await audit(page)).toEqual([]);
    // Nothing went out but the preview page and the scripts it loads.
    const made = requests.slice(before).map((url) => new URL(url).pathname);
    expect(made.filter((path) => !/^\/(v1\/prompt-preview|dashboard\/prompt-preview\.js|widget\/[\w.-]+\.js)$/.test(path))).toEqual([]);
    expect(made).toContain('/v1/prompt-preview');
    const stored = await d.t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}/results`, headers: { authorization: `Bearer ${d.adminToken}` } });
    expect(stored.json().overall.displays).toBe(20);
    await preview.getByRole('button', { name: 'Close preview' }).click();
    await preview.waitFor({ state: 'detached' });

    // The form previews what is being written, before it is saved.
    await row.getByRole('button', { name: /^Edit/ }).click();
    const editing = page.getByRole('region', { name: /^Edit/ });
    await editing.getByLabel('Question').fill(`Unsaved ${hostile}`);
    await editing.getByRole('button', { name: 'Preview', exact: true }).click();
    seen = await previewed(page, /^Prompt preview \(en\)/);
    expect(seen.shown).toMatchObject({ question: `Unsaved ${hostile}`, dir: 'ltr', markup: 0 });
    expect(await audit(page)).toEqual([]);
    await editing.getByRole('button', { name: 'Cancel' }).click();

    // Delete, after asking.
    await row.getByRole('button', { name: /^Delete…/ }).click();
    await page.getByRole('group', { name: /^Confirm deletion/ }).getByRole('button', { name: 'Delete prompt' }).click();
    await page.getByText('No prompt yet.').waitFor();

    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    // The console shows the refused route pattern's 400, and the preview frames' sandbox and CSP
    // at work: the Send that submits no form, and the beacon with the events a closing frame's
    // widget holds, refused. Nothing else.
    const blocked = [
      /^console: Connecting to 'http:\/\/[^/]+\/v1\/events\?key=pk_preview' violates the following Content Security Policy directive: "connect-src 'none'"/,
      /^console: Blocked form submission to '' because the form's frame is sandboxed and the 'allow-forms' permission is not set/,
    ];
    expect(problems.filter((p) => !p.includes('400') && !blocked.some((b) => b.test(p)))).toEqual([]);
    expect(problems.some((p) => blocked[1]!.test(p))).toBe(true);
  });
});
