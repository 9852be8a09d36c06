/**
 * The script-tag build's core chunk, loaded by feedloop.js only when something needs it (at once
 * for a call or events left by an earlier page, when the browser is idle for experiments, a
 * submitter's updates or the preload): the full client (exposures of the experiments, the
 * submitter's updates, privacy) and the widget (`createWidget`, as on npm, with the panel chunk as
 * its panel and the prompt chunk as its prompt runtime: triggers, routes, other locales, the
 * preload, open/close, the update notice), then the replay of the calls recorded until now.
 * Completes `window.feedloop`. The client's core (delivery, events) is in it and in the panel and
 * prompt chunks; a page with prompts and nothing else for the core gets the prompt chunk alone.
 */
import { addExperiments, addPrivacy, addPrompts, addUpdates, type FeedloopClient } from '@feedloop/sdk';
import { loadNotice } from '../core/loaders.js';
import { loadLocale } from '../core/locales.js';
import { createWidget } from '../core/widget.js';
import type { PromptsModule } from '../types.js';
import { scriptClient, scriptQueue } from './client.js';
import type { ScriptConfig } from './config.js';
import type { FormModule } from './form.js';

// In the core chunk, not a chunk of its own: the notice imports it from here.
export { adoptStyles } from '../core/styles.js';

export type Api = Record<string, (...args: unknown[]) => unknown>;
/** A recorded call: method name and arguments. */
export type Call = [string, Iterable<unknown>];

export interface CoreModule {
  start: typeof start;
}

/**
 * `config` is the one feedloop.js read (it holds the page's queue and client once a chunk made
 * them, see client.ts); `root` the widget's shadow root and `code` its locale, made by
 * feedloop.js for the button; `api` is `window.feedloop`, the object to complete (the snippet's,
 * when there was one); `panel` and `prompts` import the panel and prompt chunks (feedloop.js knows their names).
 */
export function start(config: ScriptConfig, root: ShadowRoot, code: string, api: Api, calls: Call[], panel: () => Promise<FormModule>, prompts: () => Promise<PromptsModule>): void {
  const queue = scriptQueue(config);
  const maker = scriptClient(config);
  const updates = addUpdates(maker, queue, config);
  // The privacy layer goes on the queue and client the panel or prompt chunk may have made
  // before: both read the stores and the gate it installs on `config` at each use, and the prompt
  // chunk asks `config.privacy` whether it may store.
  const client: FeedloopClient = { ...maker.client, ...addExperiments(maker, queue), ...updates, ...(config.privacy = addPrivacy(maker, queue, config, updates)), ...addPrompts(config) };
  client.setExperiments(config.experiments ?? {});
  // The updates (`data-updates`, read by feedloop.js) are asked for when the browser is idle, so
  // after the replay below: an identify(userId, userHash) call decides whose updates to ask for.
  const widget = createWidget(client, config, { panel, locale: loadLocale, notice: loadNotice, prompts }, root, code);
  Object.assign(api, client, widget, {
    destroy() {
      client.destroy();
      widget.destroy();
    },
  });
  for (const [method, args] of calls.splice(0))
    try {
      api[method]!(...args);
    } catch (error) {
      console.error(error);
    }
}
