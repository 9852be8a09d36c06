/**
 * The script tag's queue and client: the persistent queue (handed to sendBeacon when the page
 * goes away), fetch delivery with retries, and the making of events. The panel chunk (the first
 * open may come before the core) and the core chunk (which adds exposures, updates, privacy) each
 * hold a copy of this code (see rollup.config.mjs); the page has one of each all the same, kept
 * on the configuration object feedloop.js hands to both, and made by whichever needs it first.
 * feedloop.js has none: no event can exist before a chunk is loaded, and it loads the core at
 * once when events from an earlier page wait in localStorage.
 */
import { attachEvents, createDelivery, createQueue, isName, type EventMaker, type FeedbackCheck } from '@feedloop/sdk';
import type { ScriptConfig } from './config.js';

/**
 * The script tag checks only what would lose the user's feedback: a feature the service would
 * refuse, and feedback with neither rating nor comment. The panel cannot give a rating outside its
 * scale or a comment over 5,000 characters; for `window.feedloop.feedback()` calls the service
 * checks the rest and refuses such an event alone (an `error` event of kind `rejected`). The npm
 * client (`createClient`) checks everything and throws.
 */
const check: FeedbackCheck = ({ rating, comment }, feature) =>
  !isName(feature) ? 'feature' : !rating && !comment?.trim() && 'no rating or comment';

/** The page's queue, with the listeners `feedloop.on` took before it existed. */
export const scriptQueue = (config: ScriptConfig): NonNullable<ScriptConfig['queue']> => (config.queue ??= createQueue(config, config.listeners));

export const scriptClient = (config: ScriptConfig): EventMaker => {
  const queue = scriptQueue(config);
  return (queue.maker ??= attachEvents(createDelivery(config, queue), config, check));
};
