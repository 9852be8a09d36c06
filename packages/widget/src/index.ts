/**
 * @feedloop/widget for bundlers: mount the feedback UI on an @feedloop/sdk client. The panel and
 * its locales are dynamic imports, so an app's bundler splits them off the initial chunk.
 */
import type { FeedloopClient } from '@feedloop/sdk';
import { showButton } from './core/button.js';
import { createHost } from './core/host.js';
import { watchTriggers } from './core/triggers.js';
import { loadNotice, loadPrompts } from './core/loaders.js';
import { loadLocale } from './core/locales.js';
import { createWidget } from './core/widget.js';
import { buttonLabel, pickLocale } from './i18n/locale.js';
import type { Widget, WidgetOptions } from './types.js';

/** Adds the widget to the page (call it in the browser, e.g. in a mount effect; not during SSR). */
export function mountWidget(client: FeedloopClient, options: WidgetOptions = {}): Widget {
  const root = createHost(options);
  const code = pickLocale(options.locale ?? navigator.language);
  const widget = createWidget(client, options, { panel: () => import('./panel/mount.js'), locale: loadLocale, notice: loadNotice, prompts: loadPrompts }, root, code);
  showButton(root, options, buttonLabel(options, code), () => void widget.open());
  const stopTriggers = watchTriggers(options.trigger, widget.open);
  return {
    ...widget,
    destroy() {
      stopTriggers();
      widget.destroy();
    },
  };
}

export { featureForPath } from './core/routes.js';
export { LOCALES, pickLocale } from './i18n/locale.js';
export type { Strings } from './i18n/strings.js';
export type * from './types.js';
