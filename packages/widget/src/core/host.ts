import type { WidgetOptions } from '../types.js';
import { HOST_CSS } from './host-css.js';
import { adoptStyles } from './styles.js';

/**
 * The widget's element and its shadow root: host-page CSS cannot reach inside, widget CSS cannot
 * leak out. Theme values become custom properties on the host, set through the CSSOM, which a
 * strict CSP allows (unlike a style attribute); the panel sets the host's `data-mode`.
 */
export function createHost(options: WidgetOptions): ShadowRoot {
  const host = document.createElement('feedloop-widget');
  for (const name in options.theme) host.style.setProperty('--feedloop-' + name, options.theme[name as 'accent']!);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, HOST_CSS, options.nonce);
  document.body.append(host);
  return root;
}
