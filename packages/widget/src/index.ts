/**
 * @feedloop/widget for bundlers: mount the feedback UI on an @feedloop/sdk client. The panel and
 * its locales are dynamic imports, so an app's bundler splits them off the initial chunk.
 */
import type { FeedloopClient } from '@feedloop/sdk';
import { createWidget } from './core/widget.js';
import type { Strings } from './i18n/strings.js';
import type { Loaders, Widget, WidgetOptions } from './types.js';

const locales: Record<string, () => Promise<{ default: Strings }>> = {
  de: () => import('./i18n/locales/de.js'),
  fr: () => import('./i18n/locales/fr.js'),
  es: () => import('./i18n/locales/es.js'),
  ja: () => import('./i18n/locales/ja.js'),
  ar: () => import('./i18n/locales/ar.js'),
};

const loaders: Loaders = {
  panel: () => import('./panel/mount.js'),
  locale: async (code) => (await locales[code]?.())?.default ?? {},
};

/** Adds the widget to the page (call it in the browser, e.g. in a mount effect; not during SSR). */
export function mountWidget(client: FeedloopClient, options: WidgetOptions = {}): Widget {
  return createWidget(client, options, loaders);
}

export { featureForPath } from './core/routes.js';
export { LOCALES, pickLocale } from './i18n/locale.js';
export type { Strings } from './i18n/strings.js';
export type * from './types.js';
