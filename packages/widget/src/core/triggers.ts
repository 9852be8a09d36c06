import type { OpenOptions } from '../types.js';

/**
 * Any element of the page with `data-feedloop-feature="…"`, or matching the configured trigger,
 * opens the panel. One delegated listener, so elements added later work too.
 */
export function watchTriggers(trigger: Element | string | undefined, open: (options: OpenOptions) => void) {
  const onClick = (event: MouseEvent) => {
    const target = event.target as Element;
    const element =
      target.closest?.('[data-feedloop-feature]') ??
      (typeof trigger == 'string' ? target.closest?.(trigger) : trigger?.contains(target) && trigger);
    if (element) {
      event.preventDefault();
      open({ feature: element.getAttribute('data-feedloop-feature') ?? undefined, trigger: element });
    }
  };
  document.addEventListener('click', onClick);
  return () => document.removeEventListener('click', onClick);
}
