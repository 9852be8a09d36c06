import { h, render } from 'preact';
import { adoptStyles } from '../core/styles.js';
import type { PanelContext, PanelHandle } from '../types.js';
import { Panel } from './panel.js';
import { PANEL_CSS } from './panel-css.js';

/** The element that has focus, looking inside shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Renders the panel into the widget's shadow root; the eager part drives it through the handle. */
export function mountPanel(context: PanelContext): PanelHandle {
  adoptStyles(context.root, PANEL_CSS, context.options.nonce);
  context.root.host.setAttribute('data-mode', context.options.mode ?? 'auto');
  const container = document.createElement('div');
  context.root.append(container);
  let session = 0;
  let dialog: HTMLDialogElement | null = null;
  let returnFocus: Element | null = null;
  const onClose = () => {
    (returnFocus as HTMLElement | null)?.focus?.();
    context.emit('close', {});
  };
  return {
    show(feature, trigger) {
      if (!dialog?.open) returnFocus = trigger ?? deepActiveElement();
      // Preact renders synchronously here, so the dialog exists right after.
      render(
        <Panel context={context} feature={feature} session={++session} onClose={onClose} dialogRef={(d) => (dialog = d)} />,
        container,
      );
      if (!dialog!.open) dialog!.showModal();
    },
    hide: () => dialog?.close(),
  };
}
