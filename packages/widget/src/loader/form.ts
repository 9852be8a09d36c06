/**
 * The script tag's panel chunk (feedloop-panel.<hash>.js): everything the first open of the form
 * in English needs, the client (delivery, events) included. The core chunk's widget loads it as
 * its panel (`mountPanel`); feedloop.js imports it directly on a first open that needs nothing
 * else (`open`). The page has one panel, whichever of the two mounted it.
 */
import { mountPanel as mount } from '../panel/mount.js';
import type { OpenOptions, PanelContext, PanelHandle, PanelModule } from '../types.js';
import { scriptClient } from './client.js';
import type { ScriptConfig } from './config.js';

let panel: PanelHandle | undefined;

/** The page's panel, mounted on first use. */
export const mountPanel: PanelModule['mountPanel'] = (context) => (panel ??= mount(context));

/** Opens the panel in English before the core has arrived (the core's widget opens it otherwise). */
export const open = (config: ScriptConfig, root: ShadowRoot, code: string, { feature, trigger }: OpenOptions = {}) => {
  const { client } = scriptClient(config);
  return mountPanel({ root, client: client as PanelContext['client'], options: config, code, emit: client.emit as PanelContext['emit'] }).show(feature, trigger);
};

export interface FormModule extends PanelModule {
  open: typeof open;
}
