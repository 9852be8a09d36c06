import type { Position } from '../types.js';

/**
 * The floating button. Shown as a manual popover, so it sits in the top layer: no host z-index
 * covers it. Browsers without popovers still get a fixed-position button.
 */
export function createButton(root: ShadowRoot, label: string, position: Position | undefined, onClick: () => void): void {
  const button = document.createElement('button');
  button.className = 'b ' + position?.replace('-', ' '); // `top`, `left` move it
  button.textContent = label;
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('part', 'button');
  button.onclick = onClick;
  button.popover = 'manual';
  root.append(button);
  button.showPopover?.();
}
