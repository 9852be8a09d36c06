/**
 * The script-tag build's core chunk, loaded by feedloop.js when the browser is idle (or at once
 * when a call needs it or events wait): fetch delivery with retries on the eager queue, the
 * client's making of events, and the widget's controls. Completes `window.feedloop` and replays
 * the calls recorded until now.
 */
import { attachClient, createDelivery, type Queue } from '@feedloop/sdk';
import { loaders } from '../core/loaders.js';
import { createWidget } from '../core/widget.js';
import type { ScriptConfig } from './config.js';

export type Api = Record<string, (...args: unknown[]) => unknown>;
/** A recorded call: method name and arguments. */
export type Call = [string, ArrayLike<unknown>];

export interface CoreModule {
  start: typeof start;
}

/**
 * `queue` is the persistent queue feedloop.js runs; `root` the widget's shadow root and `code`
 * its locale, made by feedloop.js for the button; `api` is `window.feedloop`, the object to
 * complete (the snippet's, when there was one).
 */
export function start(queue: Queue, config: ScriptConfig, root: ShadowRoot, code: string, api: Api, calls: Call[]): void {
  const client = attachClient(createDelivery(config, queue), config);
  const widget = createWidget(client, config, loaders, root, code);
  const destroy = () => (client.destroy(), widget.destroy());
  Object.assign(api, client, widget, { destroy });
  for (const [method, args] of calls.splice(0))
    try {
      api[method]!(...Array.from(args));
    } catch (error) {
      console.error(error);
    }
}
