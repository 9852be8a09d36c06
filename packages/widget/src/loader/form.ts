/**
 * The script tag's panel chunk (feedloop-panel.<hash>.js): everything the first open of the form
 * in English needs, the client (delivery, events) included. feedloop.js imports it directly
 * on a first open that needs nothing else; the core chunk imports it for every other open.
 */
import type { Queue } from '@feedloop/sdk';
import type { Strings } from '../i18n/strings.js';
import { mountPanel } from '../panel/mount.js';
import type { OpenOptions, PanelContext, PanelHandle } from '../types.js';
import { scriptClient } from './client.js';
import type { ScriptConfig } from './config.js';

export interface FormModule {
  open: typeof open;
}

let panel: PanelHandle | undefined;

/** Opens the panel (mounting it on first use, with `locale`'s strings over English). */
export function open(queue: Queue, config: ScriptConfig, root: ShadowRoot, code: string, locale: Partial<Strings>, { feature, trigger }: OpenOptions = {}) {
  const { client } = scriptClient(queue, config);
  feature ??= client.getFeature();
  queue.emit('open' as 'queued', { feature } as never);
  return (panel ??= mountPanel({ root, client: client as PanelContext['client'], options: config, locale, code, emit: queue.emit as PanelContext['emit'] })).show(
    feature,
    trigger,
  );
}
