/**
 * The script tag's prompt chunk (feedloop-prompts.<hash>.js): the prompt runtime
 * (prompts/prompts.ts) with what it needs of the client (delivery, events, the prompt document),
 * and nothing of the core (experiments, updates, privacy, the widget). feedloop.js imports it when
 * the browser is idle on a page with `data-prompts` and nothing else for the core (`start`), so
 * such a page fetches feedloop.js and this chunk until the prompt is answered (budget: 10,240 B,
 * scripts/budgets.mjs); the core's widget imports it as its prompt runtime otherwise
 * (`startPrompts`). Either way the page has one runtime and one queue.
 */
import { addPrompts, OPT_OUT_KEY, type FeedloopClient } from '@feedloop/sdk';
import { loadLocale } from '../core/locales.js';
import { startPrompts as run } from '../prompts/prompts.js';
import type { PromptsModule } from '../types.js';
import { scriptClient } from './client.js';
import type { ScriptConfig } from './config.js';
import type { Api } from './core.js';

let started = false;

/** The page's prompt runtime, started once, by feedloop.js (`start`) or by the core's widget. */
export const startPrompts: PromptsModule['startPrompts'] = async (context) => void (started || ((started = true), await run(context)));

/**
 * Prompts before (or without) the core: `api` is `window.feedloop`, whose `track` feeds the
 * runtime from now on. No privacy layer: until the core comes (any privacy call brings it), the
 * runtime stores and sends nothing unless the browser did not opt out and the consent is neither
 * pending nor refused, as the privacy layer decides it (which the core's, once made, does).
 */
export function start(config: ScriptConfig, root: ShadowRoot, code: string, api: Api): Promise<void> {
  const optedOut = () => {
    try {
      return localStorage.getItem(OPT_OUT_KEY) == '1';
    } catch {
      return false;
    }
  };
  const { consent } = config as { consent?: unknown };
  const client = {
    ...scriptClient(config).client,
    ...addPrompts(config),
    optedOut: () => config.privacy?.optedOut() ?? optedOut(),
    mayStore: () => config.privacy?.mayStore() ?? !(consent == 'pending' || consent === false || consent == 'false' || optedOut()),
  } as FeedloopClient;
  const tracked = (config.tracked ??= []);
  // feedloop.js's `track` keeps the call; the client's tells the runtime (the core replaces both with its own).
  const keep = api.track!;
  api.track = (name) => void (keep(name), client.track(name as string));
  return startPrompts({ root, client, options: config, code, tracked, locale: loadLocale, emit: client.emit as (event: 'submit', payload: unknown) => void });
}

export interface PromptEntry extends PromptsModule {
  start: typeof start;
}
