import type { NoticeStrings, Strings } from '../i18n/strings.js';

const locales: Record<string, () => Promise<{ default: Strings & NoticeStrings }>> = {
  de: () => import('../i18n/locales/de.js'),
  fr: () => import('../i18n/locales/fr.js'),
  es: () => import('../i18n/locales/es.js'),
  ja: () => import('../i18n/locales/ja.js'),
  ar: () => import('../i18n/locales/ar.js'),
};

/** The strings (the panel's and the update notice's) of a shipped locale other than English, as a dynamic import; `{}` for others. */
export const loadLocale = async (code: string): Promise<Partial<Strings & NoticeStrings>> => (await locales[code]?.())?.default ?? {};
