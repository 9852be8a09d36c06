/**
 * The script tag's client: fetch delivery with retries on the eager queue, and the making of
 * events. The panel chunk (the first open may come before the core) and the core chunk (which
 * adds exposures) each hold a copy of this code (see rollup.config.mjs); the one client of the
 * page is kept on the queue, which feedloop.js made and hands to both.
 */
import { attachEvents, createDelivery, isName, type EventMaker, type FeedbackCheck, type Queue } from '@feedloop/sdk';
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

export const scriptClient = (queue: Queue & { maker?: EventMaker }, config: ScriptConfig): EventMaker =>
  (queue.maker ??= attachEvents(createDelivery(config, queue), config, check));
