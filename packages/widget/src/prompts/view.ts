import type { BrowserPrompt } from '@feedloop/protocol';
import type { Strings } from '../i18n/strings.js';
import { choicesFor } from '../panel/scale-choices.js';
import type { Outcome } from '../panel/submit.js';

export interface PromptViewContext {
  root: ShadowRoot;
  prompt: Pick<BrowserPrompt, 'scale' | 'comment'>;
  /** The wording, in the user's locale: shown as text, never as HTML. */
  question: string;
  t: Strings;
  dir: 'ltr' | 'rtl';
  /** The user closed it without answering (Escape or the close button). */
  onDismiss(): void;
  /** The user answered: sends the feedback, resolves to what to tell them. */
  answer(rating: number, comment: string | undefined): Promise<Outcome>;
}

/** How long the thanks stay before the prompt goes away by itself. */
const THANKS_MS = 6000;

/** An element with attributes and children; text children become text nodes (hostile wording stays text). */
function el(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const name in attributes) element.setAttribute(name, attributes[name]!);
  element.append(...children);
  return element;
}

/**
 * A prompt on the page: a non-modal region (a manual popover: top layer, the page stays usable)
 * named by its question, with the panel's rating group (the same markup, choices and styles as
 * `ChoiceGroup`: native radios, arrow keys, one accessible name each), an optional comment box,
 * Send, and a close button. It never takes focus: it is announced by a polite live region, and
 * the keyboard reaches it after the page's content (the widget's host is the body's last child).
 * Escape or the close button dismisses it. Returns the region (the caller hides it while a host
 * modal is open).
 */
export function showPrompt({ root, prompt, question, t, dir, onDismiss, answer }: PromptViewContext): HTMLElement {
  const section = el('section', { class: 'p', 'aria-labelledby': 'flp-q', dir, popover: 'manual' });
  const remove = () => {
    section.hidePopover?.();
    section.remove();
  };
  const dismiss = () => {
    remove();
    onDismiss();
  };
  const close = el('button', { type: 'button', class: 'z', 'aria-label': t.close }, '×');
  close.onclick = dismiss;
  const status = el('p', { role: 'status' });
  const scale = prompt.scale;
  const choices = choicesFor(scale, t).map((choice) =>
    el(
      'label',
      { class: 'c', title: choice.label },
      el('input', { type: 'radio', name: 'rating', value: String(choice.value), 'aria-label': choice.label }),
      el('span', { 'aria-hidden': 'true' }, choice.glyph),
    ),
  );
  const fieldset = el('fieldset', scale == 'nps' ? { class: 'n' } : scale == 'stars' ? { class: 's' } : {}, el('legend', { id: 'flp-q' }, question), el('div', { class: 'g' }, ...choices));
  const comment = prompt.comment ? [el('label', { class: 'l', for: 'flp-c' }, t.comment), el('textarea', { id: 'flp-c', name: 'comment', maxlength: '5000' })] : [];
  const send = el('button', { type: 'submit' }, t.submit) as HTMLButtonElement;
  const form = el('form', { novalidate: '' }, fieldset, ...comment, status, send) as HTMLFormElement;
  const announce = el('p', { class: 'v', 'aria-live': 'polite' });

  let answered = false;
  section.onkeydown = (event) => {
    if (event.key == 'Escape' && !answered) {
      event.stopPropagation();
      dismiss();
    }
  };
  form.onsubmit = async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const rating = data.get('rating') as string | null;
    if (rating == null) return void (status.textContent = t.needContent);
    status.textContent = t.sending;
    send.disabled = true;
    answered = true;
    const outcome = await answer(+rating, (data.get('comment') as string | null) ?? undefined);
    const focused = section.contains(root.activeElement);
    form.replaceChildren(status);
    status.textContent = t[outcome];
    // The focused button is gone: focus stays in the prompt, on its close button.
    if (focused) close.focus();
    close.onclick = remove;
    section.onkeydown = (event) => event.key == 'Escape' && remove();
    setTimeout(remove, THANKS_MS);
  };
  section.append(close, form, announce);
  root.append(section);
  section.showPopover?.();
  // Set after the live region exists, so that screen readers announce it; focus stays where it was.
  setTimeout(() => (announce.textContent = question), 150);
  return section;
}
