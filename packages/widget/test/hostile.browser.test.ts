import { expect, test } from 'vitest';
import { describeInChromium } from './support/browser.js';
import { widgetSuite } from './support/suite.js';
import { widgetReady } from './support/widget-page.js';

/** Everything a careless or hostile host page does to third-party UI. */
const HOSTILE_CSS = `<style>
* { all: unset !important; }
head, script, style, title { display: none !important; }
html, body { display: block !important; font: 40px/1 serif !important; color: red !important; }
button, input, textarea, dialog { z-index: 2147483647 !important; color: red !important; background: yellow !important; }
.overlay { position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; background: rgba(0,0,0,.2) !important; display: block !important; }
</style>`;

describeInChromium('hostile host pages and a strict CSP', () => {
  const suite = widgetSuite();
  const { storedFor } = suite;

  test('aggressive global CSS and a huge z-index overlay: the widget looks and works the same', async () => {
    suite.embed('/hostile', { feature: 'hostile' }, { head: HOSTILE_CSS, body: '<div class="overlay"></div><p id="host-content">Host content</p>' });
    const { page, problems } = await suite.open('/hostile');
    await widgetReady(page);
    const button = page.getByRole('button', { name: 'Feedback' });
    await button.click(); // fails if the overlay were on top of it
    const send = page.getByRole('button', { name: 'Send' });
    await send.waitFor();
    const look = await send.evaluate((element) => {
      const style = getComputedStyle(element);
      return { color: style.color, background: style.backgroundColor, font: style.fontSize, display: style.display };
    });
    expect(look).toEqual({ color: 'rgb(255, 255, 255)', background: 'rgb(79, 70, 229)', font: '14px', display: 'inline-block' });
    await page.getByRole('radio', { name: 'Good', exact: true }).check();
    await send.click();
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    // The host page's own elements are untouched by the widget's CSS.
    expect(await page.locator('#host-content').evaluate((p) => getComputedStyle(p).color)).toBe('rgb(255, 0, 0)');
    expect(await storedFor('hostile')).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  test("a host modal dialog (showModal) is open: the panel opens above it and can be used", async () => {
    suite.embed(
      '/modal',
      { feature: 'under-modal' },
      {
        body: `<dialog id="host-modal"><p>Host modal</p><button type="button" data-feedloop-feature="modal-feature">Rate this dialog</button></dialog>
<script src="/modal.js"></script>`,
      },
    );
    suite.site.handlers.push((request, response) => {
      if (request.url != '/modal.js') return false;
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end("document.getElementById('host-modal').showModal();");
      return true;
    });
    const { page } = await suite.open('/modal');
    await widgetReady(page);
    await page.getByRole('button', { name: 'Rate this dialog' }).click();
    const panel = page.getByRole('dialog', { name: 'Share your feedback' });
    await panel.waitFor();
    await page.getByLabel('Comment').fill('Typed above a host modal');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! Your feedback was sent.').waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => (document.getElementById('host-modal') as HTMLDialogElement).open)).toBe(true);
    expect(await storedFor('modal-feature')).toHaveLength(1);
  });

  test("strict CSP (script-src 'self'; style-src 'self'): no violation, lazy chunks and locale load, feedback sent", async () => {
    const { site, ingest } = suite;
    const csp = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' ${ingest.url}; object-src 'none'; base-uri 'none'`;
    suite.embed('/csp', { feature: 'csp', locale: 'de', theme: '{"accent":"#0a7d3b"}' }, { headers: { 'content-security-policy': csp } });
    const origins = new Set<string>();
    const { page, problems } = await suite.open('/csp', {}, async (context) =>
      context.on('request', (request) => origins.add(new URL(request.url()).origin)),
    );
    await widgetReady(page);
    await page.getByRole('button', { name: 'Feedback' }).click();
    await page.getByRole('dialog', { name: 'Ihr Feedback' }).waitFor();
    expect(await page.getByRole('button', { name: 'Senden' }).evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(10, 125, 59)');
    await page.getByRole('radio', { name: 'Gut', exact: true }).check();
    await page.getByRole('button', { name: 'Senden' }).click();
    await page.getByText('Danke! Ihr Feedback wurde gesendet.').waitFor();
    expect(await storedFor('csp')).toHaveLength(1);
    expect(problems).toEqual([]);
    // No third-party requests: only the page's origin (widget files) and the configured endpoint.
    expect([...origins].sort()).toEqual([ingest.url, site.origin].sort());
  });

  test('without constructable stylesheets, a <style> with the configured nonce is used (nonce-based CSP)', async () => {
    const csp = `default-src 'self'; script-src 'self'; style-src 'nonce-n0nce'; connect-src 'self' ${suite.ingest.url}`;
    suite.embed('/nonce', { feature: 'nonce', nonce: 'n0nce' }, { headers: { 'content-security-policy': csp } });
    const { page, problems } = await suite.open('/nonce', {}, (context) =>
      context.addInitScript(() => {
        // An engine without constructable stylesheets.
        (CSSStyleSheet.prototype as { replaceSync?: unknown }).replaceSync = undefined;
      }),
    );
    await widgetReady(page);
    await page.getByRole('button', { name: 'Feedback' }).click();
    const send = page.getByRole('button', { name: 'Send' });
    await send.waitFor();
    expect(await send.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(79, 70, 229)');
    const nonces = await page.evaluate(() =>
      [...document.querySelector('feedloop-widget')!.shadowRoot!.querySelectorAll('style')].map((style) => style.nonce),
    );
    expect(nonces).toEqual(['n0nce', 'n0nce']); // the button's styles, then the panel's
    expect(problems).toEqual([]);
  });
});
