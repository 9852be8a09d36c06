/**
 * The script-tag build's eager file:
 *   <script src=".../feedloop.js" data-key="pk_…" data-endpoint="https://…" async></script>
 * Creates the client and the widget and puts the public API on `window.feedloop`, replaying the
 * calls an inline snippet queued there before this script arrived.
 */
import { createClient } from '@feedloop/sdk';
import { createWidget } from '../core/widget.js';
import type { PanelModule } from '../types.js';
import { chunkLoader } from './chunks.js';
import { readConfig } from './config.js';

type Api = Record<string, (...args: unknown[]) => unknown>;
interface Snippet {
  q?: [string, ArrayLike<unknown>][];
  config?: object;
}

const global = window as unknown as { feedloop?: Snippet | Api };
const snippet = (global.feedloop ?? {}) as Snippet;
// document.currentScript is null when loaded as a module or by another script: find the tag instead.
const script = (document.currentScript ?? document.querySelector('script[data-key]')) as HTMLScriptElement | null;
const config = readConfig(script, snippet.config);
// Chunks sit next to this file, wherever the page loaded it from.
const chunks = chunkLoader(script ? new URL('.', script.src).href : '', config.nonce);

function start() {
  const client = createClient(config);
  const widget = createWidget(client, config, {
    panel: () => chunks.load<PanelModule>('panel'),
    locale: (code) => chunks.load('locale-' + code),
  });
  // The snippet's object becomes the API, so host code holding a reference to it keeps working.
  const { q: calls = [] } = snippet;
  delete snippet.q;
  const destroy = () => (client.destroy(), widget.destroy());
  const api = Object.assign(snippet, client, widget, { destroy, __define: chunks.define }) as unknown as Api;
  global.feedloop = api;
  for (const [method, args] of calls)
    try {
      api[method]!(...Array.from(args));
    } catch (error) {
      console.error(error);
    }
}

if (!config.key) console.error('feedloop: data-key missing');
// An async script can run before <body> exists.
else if (document.body) start();
else addEventListener('DOMContentLoaded', start);
