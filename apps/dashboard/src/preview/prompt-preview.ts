/**
 * The script of the prompt preview page (GET /v1/prompt-preview), framed by the dashboard in an
 * `<iframe sandbox="allow-scripts">`: an opaque origin, so nothing here can reach the dashboard,
 * its cookies or any storage. It tells the dashboard it is ready, takes one definition posted by
 * the framing dashboard (same service origin, checked), and loads the real widget's script-tag
 * build with that one prompt, due at once, for everyone, without caps, in the chosen locale.
 *
 * Nothing is sent or stored: the widget's `fetch` (the documented `fetch` client option, set by
 * `window.feedloop.config`) answers in the service's place, in memory: the prompt document, and
 * "accepted" for the events the widget makes (the display, a dismissal), so the user's side
 * reads as it would; it refuses everything else. The page's CSP (`connect-src 'none'`) makes the
 * browser refuse any request or beacon that would get past it (the widget's beacon when the frame
 * closes). The sandbox has no allow-forms: Send submits nothing. Web Storage throws in an opaque origin; the widget lives without it.
 */
import type { IngestResponse } from '@feedloop/protocol';
import { previewDocument } from './document.js';
import { PREVIEW_READY as READY } from './messages.js';

function start() {
  const status = document.getElementById('preview-status')!;
  // The service's origin: this page's URL's (the document's own origin is opaque).
  const service = new URL(location.href).origin;
  let shown = false;

  addEventListener('message', (event: MessageEvent) => {
    if (shown || event.source !== parent || event.origin !== service) return;
    const preview = previewDocument(event.data);
    if ('problem' in preview) {
      status.textContent = `This prompt cannot be previewed: ${preview.problem}.`;
      return;
    }
    shown = true;
    const config = {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : String(input), location.href);
        const json = (value: unknown) => new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });
        if (url.pathname.endsWith('/v1/prompt-document')) return json(preview.document);
        if (url.pathname.endsWith('/v1/events') && typeof init?.body == 'string') {
          const { events } = JSON.parse(init.body) as { events: unknown[] };
          return json({ accepted: events.length, duplicates: 0, rejected: [] } satisfies IngestResponse);
        }
        throw new TypeError('feedloop preview: nothing is sent');
      },
    };
    (window as unknown as { feedloop: object }).feedloop = { config };
    // The widget starts its prompts "when the browser is idle" (requestIdleCallback without a
    // timeout); Chromium may give a framed page no idle period at all while the dashboard around
    // it is busy. Here nothing else runs: idle within 100 ms at the latest.
    const idle = window.requestIdleCallback.bind(window);
    window.requestIdleCallback = (callback, options) => idle(callback, { ...options, timeout: Math.min(options?.timeout ?? 100, 100) });
    const script = document.createElement('script');
    script.src = new URL('../widget/feedloop.js', location.href).href;
    Object.assign(script.dataset, { key: 'pk_preview', prompts: 'on', locale: preview.locale, button: 'false' });
    document.body.append(script);
    status.textContent = 'The prompt as users see it. Nothing is sent or stored.';
  });
  parent.postMessage({ type: READY }, service);
}

start();
