/** Locales shipped with the widget; English is built in, the others load lazily. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const;
export type LocaleCode = (typeof LOCALES)[number];

/** The shipped locale for a BCP 47 tag (`de-AT` → `de`), English when none fits. */
export function pickLocale(tag: string | undefined): LocaleCode {
  const code = (tag ?? '').toLowerCase().split(/[-_]/)[0] as LocaleCode;
  // BUTTON_LABELS has a key for each of LOCALES (a smaller eager file than asking LOCALES).
  return Object.hasOwn(BUTTON_LABELS, code) ? code : 'en';
}

/** The floating button's label, needed before any locale loads. */
export const BUTTON_LABELS: Record<LocaleCode, string> = {
  en: 'Feedback',
  de: 'Feedback',
  fr: 'Votre avis',
  es: 'Opinión',
  ja: 'フィードバック',
  ar: 'ملاحظات',
};

/** The button's label: configured, or the locale's. */
export const buttonLabel = (options: { strings?: { button?: string } }, code: LocaleCode) => options.strings?.button ?? BUTTON_LABELS[code];
