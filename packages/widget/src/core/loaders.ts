import type { Loaders } from '../types.js';
import { loadLocale } from './locales.js';

/**
 * The lazy parts as dynamic imports: an app's bundler splits them off, and the script-tag build
 * makes them content-hashed chunks next to feedloop.js.
 */
export const loaders: Loaders = {
  panel: () => import('../panel/mount.js'),
  locale: loadLocale,
  notice: () => import('../notice/notice.js'),
};
