import type { Loaders, NoticeModule } from '../types.js';

/**
 * The update notice, as a dynamic import: an app's bundler splits it off, and the script-tag
 * build makes it a content-hashed chunk next to feedloop.js. With `loadLocale` (locales.ts), the
 * lazy parts both builds load alike; only the panel comes to each its own way.
 */
export const loadNotice = (): Promise<NoticeModule> => import('../notice/notice.js');

/** The prompt runtime, for a widget with `prompts` on: a lazy chunk in both builds. */
export const loadPrompts: Loaders['prompts'] = () => import('../prompts/prompts.js');
