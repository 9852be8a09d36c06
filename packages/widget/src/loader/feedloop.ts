/**
 * The script-tag build's eager file:
 *   <script src=".../feedloop.js" data-key="pk_…" data-endpoint="https://…" async></script>
 * Only what must run before anything is opened: the floating button, the clicks on
 * `[data-feedloop-feature]` elements (or the configured trigger), `feedloop.on`, and
 * `window.feedloop` recording calls. Every byte of it is fetched by every page view (budget:
 * 2,048 B gzip, see scripts/budgets.mjs), so the rest is in chunks, each with its own copy of the
 * client (the queue, fetch delivery with retries, the making of events): the panel
 * (feedloop-panel.<hash>.js), the core (feedloop-core.<hash>.js: experiments, updates,
 * privacy, routes, other locales, the replay) and the prompts (feedloop-prompts.<hash>.js: the
 * prompt runtime, which asks the core's privacy layer once there is one).
 *
 * The core loads only when something needs it: at once for a call waiting (the snippet's or a
 * later one) or events an earlier page left in the queue; when the browser is idle for
 * experiments, the submitter's updates of a browser that gave feedback, or `preload: 'idle'`.
 * With `data-prompts` and none of these, the prompt chunk alone, when the browser is idle (the
 * core, when it comes, takes it as its runtime). A plain page view fetches nothing more. The
 * core replays the recorded calls in order and completes the API on the same object, so
 * references to it keep working. A first open before it goes straight to the panel (see below).
 */
import { listen, OPT_OUT_KEY, SUBMITTED_KEY, type Listeners } from '@feedloop/sdk';
import { showButton } from '../core/button.js';
import { createHost } from '../core/host.js';
import { watchTriggers } from '../core/triggers.js';
import { buttonLabel, pickLocale } from '../i18n/locale.js';
import { readConfig } from './config.js';
import type { OpenOptions } from '../types.js';
import type { Api, Call, CoreModule } from './core.js';
import type { FormModule } from './form.js';
import type { PromptEntry } from './prompts.js';

/** The core, panel and prompt chunks' content-hashed file names, written in by the build (rollup.config.mjs). */
declare const FEEDLOOP_CORE: string;
declare const FEEDLOOP_PANEL: string;
declare const FEEDLOOP_PROMPTS: string;

/** Methods recorded until the core chunk has them (the snippet's list but `on`, and `destroy` and the privacy calls). */
const RECORDED = 'open close feedback exposure setExperiments identify setFeature flush destroy optOut optIn forget consent';

const global = window as unknown as { feedloop?: Api & { q?: Call[]; config?: object } };
const snippet = global.feedloop ?? {};
// document.currentScript is null when loaded as a module or by another script: find the tag instead.
const script = (document.currentScript ?? document.querySelector('script[data-key]')) as HTMLScriptElement | null;
const config = readConfig(script, snippet.config);

/** A localStorage item, read without the SDK's store: null where Web Storage is unusable. */
const stored = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {}
};

const idle = (run: () => unknown) => (window.requestIdleCallback ?? setTimeout)(run, { timeout: 2000 });

function start() {
  const root = createHost(config);
  const code = pickLocale(config.locale ?? navigator.language);
  const { q: calls = [] } = snippet;
  delete snippet.q;
  const api = snippet as Api;
  let core: Promise<void> | undefined;
  // The chunks sit next to this file, wherever the page loaded it from.
  const chunk = (name: string) => import(new URL(name, script?.src ?? document.baseURI).href);
  const panel = () => chunk(FEEDLOOP_PANEL);
  const prompts = () => chunk(FEEDLOOP_PROMPTS);
  const load = () =>
    (core ??= chunk(FEEDLOOP_CORE).then(
      (module: CoreModule) => module.start(config, root, code, api, calls, panel, prompts),
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
    core || calls[0] || code != 'en' || config.routes || config.consent || stored(OPT_OUT_KEY)
      ? record(options)
      : panel().then(
          (module: FormModule) => module.open(config, root, code, options as OpenOptions),
          () => record(options),
        );
  // At once: listeners get every event from the start; the queue a chunk makes takes them over.
  api.on = listen((config.listeners = {} as Listeners)) as Api[string];
  // Kept for the prompt runtime until the core takes over (`client.track`); without prompts, nothing to do.
  api.track = (name) => void (config.prompts && (config.tracked ??= []).push([name as string, Date.now()]));
  global.feedloop = api;
  showButton(root, config, buttonLabel(config, code), () => api.open!());
  // One listener on the document for the page's lifetime; a destroyed widget (host removed) ignores it.
  watchTriggers(config.trigger, (options) => root.isConnected && api.open!(options));
  // Events an earlier page left (a JSON array with an event in it), or a call: the core now.
  if (calls[0] || /{/.test(stored('feedloop:queue:' + config.key)!)) void load();
  else if (config.experiments || config.preload == 'idle' || (config.updates != false && stored(SUBMITTED_KEY))) idle(load);
  // Prompts alone: their chunk, not the core (unless a call brought the core meanwhile, whose widget starts them).
  else if (config.prompts)
    idle(() => core || prompts().then((module: PromptEntry) => core || module.start(config, root, code, api), () => {}));
}

if (!config.key) console.error('feedloop: data-key missing');
// An async script can run before <body> exists.
else if (document.body) start();
else addEventListener('DOMContentLoaded', start);
