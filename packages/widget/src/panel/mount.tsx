import type { Category } from '@feedloop/protocol/vocabulary';
import { Fragment, h, render } from 'preact';
import { adoptStyles } from '../core/styles.js';
import { en } from '../i18n/en.js';
import { directionOf } from '../i18n/direction.js';
import type { Strings } from '../i18n/strings.js';
import type { PanelContext, PanelHandle } from '../types.js';
import { PANEL_CSS } from './panel-css.js';
import { ChoiceGroup, thumbs } from './rating.js';
import { submitFeedback, type Outcome } from './submit.js';

/** Used when the page configured no feature at all. */
export const FALLBACK_FEATURE = 'general';

const ALL_CATEGORIES: Category[] = ['bug', 'idea', 'praise', 'question', 'other'];

/** Named by the string shown for it; none while the user fills the form. */
type Status = 'sending' | 'needContent' | Outcome;

/** The element that has focus, looking inside shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Tab and Shift+Tab wrap around inside the dialog instead of leaving for the browser's UI. */
function wrapTab(event: KeyboardEvent) {
  if (event.key != 'Tab') return;
  const dialog = event.currentTarget as HTMLDialogElement;
  const focusable = dialog.querySelectorAll<HTMLElement>('button:not(:disabled),textarea,input');
  const [first, last] = [focusable[0], focusable[focusable.length - 1]];
  // The target is the focused element: the listener is in the same shadow tree, so not retargeted.
  const wrapTo = event.shiftKey ? event.target == first && last : event.target == last && first;
  if (wrapTo) {
    event.preventDefault();
    wrapTo.focus();
  }
}

/**
 * Renders the panel into the widget's shadow root, opened through the handle's `show` (which
 * emits `open`; the dialog's closing emits `close`).
 * The panel is a modal `<dialog>` (opened with showModal): top layer above any host z-index or
 * host modal, the rest of the page inert, Escape closes it. A feature rated on another scale
 * than thumbs first loads the scales chunk (its choices, CSS and English strings). The form's
 * fields keep their own values (read with FormData on submit); the panel keeps only the status,
 * and renders again when it changes.
 */
export function mountPanel(context: PanelContext): PanelHandle {
  const { root, client, options } = context;
  const categories = options.categories ?? ALL_CATEGORIES;
  adoptStyles(root, PANEL_CSS, options.nonce);
  root.host.setAttribute('data-mode', options.mode ?? 'auto');
  const container = document.createElement('div');
  root.append(container);
  let session = 0;
  let dialog: HTMLDialogElement | undefined;
  let returnFocus: Element | null = null;
  let scales: Promise<typeof import('./scales.js')> | undefined;
  const onClose = () => {
    (returnFocus as HTMLElement | null)?.focus?.();
    context.emit('close', {});
  };
  return {
    async show(feature = client.getFeature(), trigger) {
      context.emit('open', { feature });
      feature ??= FALLBACK_FEATURE;
      const focus = trigger ?? deepActiveElement();
      const scale = options.scales?.[feature] ?? options.scale ?? 'thumbs';
      const module =
        scale == 'thumbs'
          ? undefined
          : await (scales ??= import('./scales.js').then((module) => (adoptStyles(root, module.SCALES_CSS, options.nonce), module)));
      // Thumbs needs none of the scales' English strings.
      const t = { ...en, ...module?.enScales, ...context.locale, ...options.strings } as Strings;
      const view = module ? module.viewFor(scale, t) : { choices: thumbs(t) };
      const current = ++session;
      let status: Status | undefined;
      /** Shows a status, unless the panel was opened again since (a fresh form). */
      const set = (value: Status) => void (current == session && ((status = value), draw()));

      const onSubmit = async (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        const [rating, comment, category, email] = ['rating', 'comment', 'category', 'email'].map((name) => data.get(name) as string | null);
        if (rating == null && !comment!.trim()) return set('needContent');
        set('sending');
        try {
          // The client trims the comment and the email, and leaves out blank ones.
          const input = {
            feature,
            rating: rating == null ? undefined : { scale, value: +rating },
            comment: comment!,
            category: (category ?? undefined) as Category | undefined,
            email: email ?? undefined,
          };
          set(await submitFeedback(client, input, (queued) => context.emit('submit', queued)));
        } catch (error) {
          console.error(error);
          set('failed');
        }
      };

      // Preact renders synchronously: the dialog exists right after.
      const draw = () => {
        const done = status == 'thanks' || status == 'queued' || status == 'optedOut';
        render(
          <dialog dir={directionOf(context.code)} aria-labelledby="fl-title" onClose={onClose} onKeyDown={wrapTab}>
            <div class="h">
              <h2 id="fl-title">{t.title}</h2>
              {/* A dialog form: its button closes the dialog, no script needed. */}
              <form method="dialog">
                <button class="z" aria-label={t.close}>
                  ×
                </button>
              </form>
            </div>
            {/* A new key on every open: a fresh form. */}
            <form key={current} onSubmit={onSubmit} noValidate>
              {!done && (
                <>
                  <ChoiceGroup name="rating" legend={t.rating} {...view} />
                  {view.after}
                  <label class="l" for="fl-comment">
                    {t.comment}
                  </label>
                  <textarea id="fl-comment" name="comment" maxLength={5000} placeholder={t.placeholder} />
                  {categories.length > 0 && (
                    <ChoiceGroup name="category" legend={t.category} className="k" choices={categories.map((value) => ({ value, label: t[value], glyph: t[value] }))} />
                  )}
                  {options.email != false && (
                    <>
                      <label class="l" for="fl-email">
                        {t.email}
                      </label>
                      <input id="fl-email" name="email" type="email" autocomplete="email" maxLength={320} aria-describedby="fl-consent" />
                      <p class="q" id="fl-consent">
                        {t.consent}
                      </p>
                    </>
                  )}
                </>
              )}
              <p role="status">{status && t[status]}</p>
              {!done && (
                <button type="submit" disabled={status == 'sending'}>
                  {t.submit}
                </button>
              )}
            </form>
          </dialog>,
          container,
        );
      };
      if (!dialog?.open) returnFocus = focus;
      draw();
      dialog = container.firstChild as HTMLDialogElement;
      if (!dialog.open) dialog.showModal();
    },
  };
}
