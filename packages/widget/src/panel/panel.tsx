import { h } from 'preact';
import { en } from '../i18n/en.js';
import { directionOf } from '../i18n/direction.js';
import type { RatingScale } from '@feedloop/protocol/limits';
import type { Strings } from '../i18n/strings.js';
import type { PanelContext } from '../types.js';
import { FeedbackForm } from './form.js';
import type { Choice } from './rating.js';

interface PanelProps {
  context: PanelContext;
  feature: string;
  scale: RatingScale;
  choices(t: Strings): Choice[];
  /** Increments on every open: a fresh form each time. */
  session: number;
  onClose(): void;
  dialogRef(dialog: HTMLDialogElement | null): void;
}

/** Tab and Shift+Tab wrap around inside the dialog instead of leaving for the browser's UI. */
function wrapTab(event: KeyboardEvent, root: ShadowRoot) {
  if (event.key != 'Tab') return;
  const dialog = event.currentTarget as HTMLDialogElement;
  const focusable = dialog.querySelectorAll<HTMLElement>('button:not(:disabled),textarea,input');
  const [first, last] = [focusable[0], focusable[focusable.length - 1]];
  const wrapTo = event.shiftKey ? root.activeElement == first && last : root.activeElement == last && first;
  if (wrapTo) {
    event.preventDefault();
    wrapTo.focus();
  }
}

/**
 * The panel is a modal `<dialog>` (opened by the mount with showModal): top layer above any host
 * z-index or host modal, the rest of the page inert, Escape closes it.
 */
export function Panel({ context, feature, scale, choices, session, onClose, dialogRef }: PanelProps) {
  const t = { ...en, ...context.locale, ...context.options.strings };
  return (
    <dialog
      ref={dialogRef}
      dir={directionOf(context.code)}
      aria-labelledby="fl-title"
      onClose={onClose}
      onKeyDown={(event) => wrapTab(event, context.root)}
    >
      <div class="h">
        <h2 id="fl-title">{t.title}</h2>
        <button class="z" type="button" aria-label={t.close} onClick={(event) => event.currentTarget.closest('dialog')!.close()}>
          ×
        </button>
      </div>
      <FeedbackForm key={session} context={context} feature={feature} scale={scale} choices={choices} t={t} />
    </dialog>
  );
}
