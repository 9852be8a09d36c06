import { createDelivery } from './delivery.js';
import { attachClient } from './events.js';
import { createQueue } from './queue.js';
import type { ClientOptions, FeedloopClient } from './types.js';

/**
 * A Feedloop client: the persistent queue (`createQueue`), its delivery (`createDelivery`), and
 * the making of events on top of them (`attachClient`). Safe to create during server-side rendering: browser
 * globals are only used when they exist, and never at import time.
 */
export function createClient(options: ClientOptions): FeedloopClient {
  return attachClient(createDelivery(options, createQueue(options)), options);
}
