import type { FeedloopClient } from '@feedloop/sdk';
import type { Tracked } from '../prompts/rules.js';
import type { Loaders, OpenOptions, PanelHandle, Widget, WidgetListener, WidgetOptions } from '../types.js';
import { featureForPath } from './routes.js';
import { checkUpdates } from './updates.js';

/**
 * The widget on its shadow root, for both builds: routes, the idle preload, open with a retry
 * after a failed load, close, destroy, and the submitter's updates, asked for when the browser is
 * idle (`checkUpdates`). The eager part makes the root, the floating button and the triggers'
 * listener (`createHost`, `showButton`, `watchTriggers`: the script tag's loader has them before
 * this code arrives); the panel (Preact), non-English strings and the update notice
 * arrive through `loaders`, which is all that differs between the npm entry (dynamic imports) and
 * the script tag's core chunk (the panel chunk next to feedloop.js). Its events go through the
 * client's, so `on()` serves both. With `prompts` on, the prompt runtime loads when the browser
 * is idle (prompts/prompts.ts); `track()` calls are kept for it from the start.
 */
export function createWidget(client: FeedloopClient, options: WidgetOptions, loaders: Loaders, root: ShadowRoot, code: string): Widget {
  const emit = client.emit as (name: string, payload: unknown) => void;
  const baseFeature = options.feature ?? client.getFeature();
  const { routes } = options;
  // A timeout, as the loader's: a busy page may give no idle period, and a prompt must still come.
  const idle = (run: () => unknown) => (window.requestIdleCallback ?? setTimeout)(run, { timeout: 2000 });
  let panel: Promise<PanelHandle> | undefined;

  const loadPanel = () =>
    (panel ??= Promise.all([loaders.panel(), loaders.locale(code)]).then(([module, locale]) => module.mountPanel({ root, client, options, locale, code, emit })));

  async function open({ feature, trigger }: OpenOptions = {}) {
    try {
      await (await loadPanel()).show(feature, trigger);
    } catch (error) {
      panel = undefined; // let the next open try again
      emit('error', { kind: 'network', code: 'panel_unavailable', message: String(error), events: [] });
    }
  }

  // The route map is asked when feedback is given: SPA navigation needs no history hooks.
  client.setFeature(routes ? () => featureForPath(routes, location.pathname) ?? baseFeature : baseFeature);
  if (options.preload == 'idle') idle(loadPanel);
  if (options.prompts) {
    // `track()` calls from now on (the script tag's loader kept those before the core came).
    const tracked: Tracked[] = (options as { tracked?: Tracked[] }).tracked ?? [];
    client.on('track', ({ name }) => void tracked.push([name, Date.now()]));
    idle(() => {
      if (root.isConnected)
        loaders.prompts().then(
          (module) => module.startPrompts({ root, client, options, code, tracked, locale: loaders.locale, emit }),
          () => {}, // the chunk could not load: no prompt on this page
        );
    });
  }
  if (options.updates != false)
    idle(() => {
      // A widget destroyed before the browser is idle (its host gone) asks for no updates.
      if (root.isConnected)
        void checkUpdates({ root, client, options, code, emit, load: () => Promise.all([loaders.notice(), loaders.locale(code)]) });
    });

  return {
    open,
    // The panel's dialog once a pending load is over, however it was opened (the script tag's
    // first open may have gone straight to the panel chunk, without this widget).
    async close() {
      await panel;
      root.querySelector('dialog')?.close();
    },
    on: client.on as WidgetListener,
    track: client.track,
    root,
    destroy: () => root.host.remove(),
  };
}
