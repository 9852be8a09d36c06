/**
 * The script-tag build's eager file:
 *   <script src=".../feedloop.js" data-key="pk_…" data-endpoint="https://…" async></script>
 * Only what must run before anything is opened: the persistent queue (handed to sendBeacon when
 * the page goes away), the floating button, and `window.feedloop` recording calls. The rest is
 * in chunks, each with its own copy of the client (fetch delivery with retries, the making of
 * events): the panel (feedloop-panel.<hash>.js) and the core (feedloop-core.<hash>.js:
 * experiments, triggers, routes, other locales, the replay). The core is
 * imported when the browser is idle, or at once when a call needs it or events are left from an
 * earlier page; it replays the recorded calls in order, those an inline snippet queued before
 * this script arrived included, and completes the API on the same object, so references to it
 * keep working. A first open before it goes straight to the panel (see below).
 */
import { createQueue, OPT_OUT_KEY } from '@feedloop/sdk';
import { showButton } from '../core/button.js';
import { createHost } from '../core/host.js';
import { buttonLabel, pickLocale } from '../i18n/locale.js';
import { readConfig } from './config.js';
import type { OpenOptions } from '../types.js';
import type { Api, Call, CoreModule } from './core.js';
import type { FormModule } from './form.js';

/** The core and panel chunks' content-hashed file names, written in by the build (rollup.config.mjs). */
declare const FEEDLOOP_CORE: string;
declare const FEEDLOOP_PANEL: string;

/** Methods recorded until the core chunk has them (the snippet's list but `on`, and `destroy` and the privacy calls). */
const RECORDED = 'open close feedback exposure setExperiments identify setFeature flush destroy optOut optIn forget consent';

const global = window as unknown as { feedloop?: Api & { q?: Call[]; config?: object } };
const snippet = global.feedloop ?? {};
// document.currentScript is null when loaded as a module or by another script: find the tag instead.
const script = (document.currentScript ?? document.querySelector('script[data-key]')) as HTMLScriptElement | null;
const config = readConfig(script, snippet.config);

function start() {
  const queue = createQueue(config);
  const root = createHost(config);
  const code = pickLocale(config.locale ?? navigator.language);
  const { q: calls = [] } = snippet;
  delete snippet.q;
  const api = snippet as Api;
  let core: Promise<void> | undefined;
  // The chunks sit next to this file, wherever the page loaded it from.
  const chunk = (name: string) => import(new URL(name, script?.src ?? document.baseURI).href);
  const panel = () => chunk(FEEDLOOP_PANEL);
  const load = () =>
    (core ??= chunk(FEEDLOOP_CORE).then(
      (module: CoreModule) => module.start(queue, config, root, code, api, calls, panel),
      (error) => {
        core = undefined; // the next call tries again
        throw error;
      },
    ));
  for (const method of RECORDED.split(' '))
    api[method] = (...args: unknown[]) => {
      calls.push([method, args]);
      void load();
    };
  // A first open in English, with no call waiting and no route map, goes straight to the panel
  // chunk (which holds the client too): the core is not on the way. Any other is replayed by the
  // core, and so is one in consent mode or of an opted-out browser: the core holds the privacy layer.
  const record = api.open!;
  api.open = (options) =>
    core || calls[0] || code != 'en' || config.routes || config.consent || queue.local.load(OPT_OUT_KEY, 0)
      ? record(options)
      : panel().then(
          (module: FormModule) => module.open(queue, config, root, code, options as OpenOptions),
          () => record(options),
        );
  api.on = queue.on as Api[string]; // at once: listeners get the core's events from the start
  global.feedloop = api;
  showButton(root, config, buttonLabel(config, code), () => api.open!());
  if (calls[0] || queue.queued()[0]) void load();
  else (window.requestIdleCallback ?? setTimeout)(load, { timeout: 2000 });
}

if (!config.key) console.error('feedloop: data-key missing');
// An async script can run before <body> exists.
else if (document.body) start();
else addEventListener('DOMContentLoaded', start);
