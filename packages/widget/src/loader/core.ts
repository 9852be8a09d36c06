/**
 * The script-tag build's core chunk, loaded by feedloop.js when the browser is idle (or at once
 * when a call needs it or events wait): what is not needed to show and submit the form, i.e.
 * exposures of the experiments, triggers (`data-feedloop-feature`, `trigger`), the route map,
 * other locales, the preload, the replay of the calls recorded until now, and the submitter's
 * updates (asked only by browsers that gave feedback; the notice is a chunk of its own). Completes
 * `window.feedloop`. The client (delivery, events) is in it and in the panel chunk.
 */
import { addExperiments, addUpdates, type FeedloopClient, type Queue } from '@feedloop/sdk';
import { loadLocale } from '../core/locales.js';
import { featureForPath } from '../core/routes.js';
import { watchTriggers } from '../core/triggers.js';
import { checkUpdates, scriptWantsUpdates } from '../core/updates.js';
import type { Strings } from '../i18n/strings.js';
import type { OpenOptions } from '../types.js';
import { scriptClient } from './client.js';
import type { ScriptConfig } from './config.js';
import type { FormModule } from './form.js';

export type Api = Record<string, (...args: unknown[]) => unknown>;
/** A recorded call: method name and arguments. */
export type Call = [string, ArrayLike<unknown>];

export interface CoreModule {
  start: typeof start;
}

/**
 * `queue` is the persistent queue feedloop.js runs; `root` the widget's shadow root and `code`
 * its locale, made by feedloop.js for the button; `api` is `window.feedloop`, the object to
 * complete (the snippet's, when there was one); `panel` imports the panel chunk (feedloop.js
 * knows its name).
 */
export function start(queue: Queue, config: ScriptConfig, root: ShadowRoot, code: string, api: Api, calls: Call[], panel: () => Promise<FormModule>): void {
  const maker = scriptClient(queue, config);
  const client: FeedloopClient = { ...maker.client, ...addExperiments(maker, queue), ...addUpdates(maker, queue, config) };
  client.setExperiments(config.experiments ?? {});
  const { routes, feature } = config;
  // The route map is asked when feedback is given: SPA navigation needs no history hooks.
  if (routes) client.setFeature(() => featureForPath(routes, location.pathname) ?? (feature as string | undefined));

  let form: Promise<[FormModule, Partial<Strings>]> | undefined;
  const load = () => (form ??= Promise.all([panel(), loadLocale(code)]));
  async function open(options?: OpenOptions) {
    try {
      const [module, locale] = await load();
      await module.open(queue, config, root, code, locale, options);
    } catch (error) {
      form = undefined; // let the next open try again
      queue.emit('error', { kind: 'network', code: 'panel_unavailable', message: String(error), events: [] });
    }
  }
  const stopTriggers = watchTriggers(config.trigger, (feature, trigger) => void open({ feature, trigger }));
  if (config.preload == 'idle') (window.requestIdleCallback ?? setTimeout)(load);

  Object.assign(api, client, {
    open,
    // The panel's dialog, however it was opened (feedloop.js may have gone straight to the panel).
    close: () => void root.querySelector('dialog')?.close(),
    root,
    destroy() {
      client.destroy();
      stopTriggers();
      root.host.remove();
    },
  });
  for (const [method, args] of calls.splice(0))
    try {
      api[method]!(...Array.from(args));
    } catch (error) {
      console.error(error);
    }
  // After the replay: an identify(userId, userHash) call decides whose updates to ask for.
  if (scriptWantsUpdates(config))
    void checkUpdates({
      client,
      load: () => Promise.all([import('../notice/notice.js'), loadLocale(code)]),
      root,
      options: config,
      code,
      emit: queue.emit as (name: string, payload: unknown) => void,
    });
}
