import type { ClientOptions, EventMaker, Listeners, PrivacyApi, Queue } from '@feedloop/sdk';
import type { WidgetOptions } from '../types.js';

export type ScriptConfig = ClientOptions &
  WidgetOptions & {
    /** `track()` calls made before the core came (only with `data-prompts`): name and time. */
    tracked?: [string, number][];
    /** The listeners of `feedloop.on`, which feedloop.js takes before any chunk has a queue. */
    listeners?: Listeners;
    /** The page's one queue and client, made by the first chunk that needs them (see client.ts). */
    queue?: Queue & { maker?: EventMaker };
    /** The privacy layer, once the core made it: the prompt chunk asks it from then on (see prompts.ts). */
    privacy?: PrivacyApi;
  };

/** data-* attributes read as text, and those holding JSON. `data-button="false"` etc. are JSON too. */
const TEXT = 'key endpoint feature locale position mode preload scale appVersion nonce consent prompts';
const JSON_VALUED = 'experiments routes scales theme strings categories button email updates';

/**
 * Configuration from the script tag's data attributes; `feedloop.config` set by an inline snippet
 * before the script loads wins (for what is awkward in an attribute).
 */
export function readConfig(script: HTMLScriptElement | null, snippetConfig: object = {}): ScriptConfig {
  const data = script?.dataset ?? {};
  const config: Record<string, unknown> = { nonce: script?.nonce || undefined };
  for (const name of TEXT.split(' ')) if (data[name]) config[name] = data[name];
  for (const name of JSON_VALUED.split(' ')) if (data[name]) config[name] = JSON.parse(data[name]!);
  return { ...config, ...snippetConfig } as unknown as ScriptConfig;
}
