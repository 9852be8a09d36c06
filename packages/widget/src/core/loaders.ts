import type { Strings } from '../i18n/strings.js';
import type { Loaders } from '../types.js';

const locales: Record<string, () => Promise<{ default: Strings }>> = {
  de: () => import('../i18n/locales/de.js'),
  fr: () => import('../i18n/locales/fr.js'),
  es: () => import('../i18n/locales/es.js'),
  ja: () => import('../i18n/locales/ja.js'),
  ar: () => import('../i18n/locales/ar.js'),
};

/**
 * The lazy parts as dynamic imports: an app's bundler splits them off, and the script-tag build
 * makes them content-hashed chunks next to feedloop.js.
 */
export const loaders: Loaders = {
  panel: () => import('../panel/mount.js'),
  locale: async (code) => (await locales[code]?.())?.default ?? {},
};
