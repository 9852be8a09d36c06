import type { WidgetOptions } from '../types.js';

/**
 * The floating button, unless `button: false` (or a trigger without `button: true`). Shown as a
 * manual popover, so it sits in the top layer: no host z-index covers it. Browsers without
 * popovers still get a fixed-position button.
 */
export function showButton(root: ShadowRoot, options: WidgetOptions, label: string, onClick: () => void): void {
  if (!(options.button ?? !options.trigger)) return;
  const button = document.createElement('button');
  button.className = 'b ' + options.position?.replace('-', ' '); // `top`, `left` move it
  button.textContent = label;
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('part', 'button');
  button.onclick = onClick;
  button.popover = 'manual';
  root.append(button);
  button.showPopover?.();
}
