import type { FeedloopClient } from '@feedloop/sdk';
import type { Loaders, OpenOptions, PanelHandle, Widget, WidgetListener, WidgetOptions } from '../types.js';
import { featureForPath } from './routes.js';
import { watchTriggers } from './triggers.js';
import { checkUpdates } from './updates.js';

/**
 * The widget's controls, on its shadow root (see `createHost`; the floating button is added
 * apart, `showButton`): triggers, routes, open/close. The panel (Preact) and any non-English
 * strings arrive through `loaders` on first use; the submitter's updates are asked for when the
 * browser is idle (`checkUpdates`). Its events go through the client's, so `on()` serves both.
 */
export function createWidget(client: FeedloopClient, options: WidgetOptions, loaders: Loaders, root: ShadowRoot, code: string): Widget {
  const emit = client.emit as (name: string, payload: unknown) => void;
  const baseFeature = options.feature ?? client.getFeature();
  const { routes } = options;
  let panel: Promise<PanelHandle> | undefined;

  const loadPanel = () =>
    (panel ??= Promise.all([loaders.panel(), code != 'en' && loaders.locale(code)]).then(([module, locale]) =>
      module.mountPanel({
        root,
        client,
        options,
        locale: locale || {},
        code,
        emit,
      }),
    ));

  async function open({ feature, trigger }: OpenOptions = {}) {
    feature ??= client.getFeature();
    emit('open', { feature });
    try {
      await (await loadPanel()).show(feature, trigger);
    } catch (error) {
      panel = undefined; // let the next open try again
      emit('error', { kind: 'network', code: 'panel_unavailable', message: String(error), events: [] });
    }
  }

  // The route map is asked when feedback is given: SPA navigation needs no history hooks.
  client.setFeature(routes ? () => featureForPath(routes, location.pathname) ?? baseFeature : baseFeature);
  const stopTriggers = watchTriggers(options.trigger, (feature, trigger) => void open({ feature, trigger }));
  if (options.preload == 'idle') (window.requestIdleCallback ?? setTimeout)(loadPanel);
  // A widget destroyed before the browser is idle must not ask for updates afterwards.
  let destroyed = false;
  if (options.updates != false)
    (window.requestIdleCallback ?? setTimeout)(() => {
      if (!destroyed)
        void checkUpdates({ client, load: () => Promise.all([loaders.notice(), code != 'en' ? loaders.locale(code) : {}]), root, options, code, emit });
    });

  return {
    open,
    close: () => void panel?.then((handle) => handle.hide()),
    on: client.on as WidgetListener,
    root,
    destroy() {
      destroyed = true;
      stopTriggers();
      root.host.remove();
    },
  };
}
