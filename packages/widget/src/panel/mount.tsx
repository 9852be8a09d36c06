import { h, render } from 'preact';
import { adoptStyles } from '../core/styles.js';
import type { Strings } from '../i18n/strings.js';
import type { PanelContext, PanelHandle } from '../types.js';
import { Panel } from './panel.js';
import { PANEL_CSS } from './panel-css.js';
import { thumbs } from './rating.js';

/** Used when the page configured no feature at all. */
export const FALLBACK_FEATURE = 'general';

/** The element that has focus, looking inside shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Renders the panel into the widget's shadow root; the eager part drives it through the handle.
 * A feature rated on another scale than thumbs first loads the scales chunk (and its CSS).
 */
export function mountPanel(context: PanelContext): PanelHandle {
  const { root, options } = context;
  adoptStyles(root, PANEL_CSS, options.nonce);
  root.host.setAttribute('data-mode', options.mode ?? 'auto');
  const container = document.createElement('div');
  root.append(container);
  let session = 0;
  let dialog: HTMLDialogElement | null = null;
  let returnFocus: Element | null = null;
  let scales: Promise<typeof import('./scales.js')> | undefined;
  const onClose = () => {
    (returnFocus as HTMLElement | null)?.focus?.();
    context.emit('close', {});
  };
  return {
    async show(feature = FALLBACK_FEATURE, trigger) {
      const focus = trigger ?? deepActiveElement();
      const scale = options.scales?.[feature] ?? options.scale ?? 'thumbs';
      const choices =
        scale == 'thumbs'
          ? thumbs
          : ((module) => (t: Strings) => module.choicesFor(scale, t))(
              await (scales ??= import('./scales.js').then((module) => (adoptStyles(root, module.SCALES_CSS, options.nonce), module))),
            );
      if (!dialog?.open) returnFocus = focus;
      // Preact renders synchronously here, so the dialog exists right after.
      render(
        <Panel
          context={context}
          feature={feature}
          scale={scale}
          choices={choices}
          session={++session}
          onClose={onClose}
          dialogRef={(d) => (dialog = d)}
        />,
        container,
      );
      if (!dialog!.open) dialog!.showModal();
    },
    hide: () => dialog?.close(),
  };
}
