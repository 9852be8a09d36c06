import { createDelivery, type Delivery } from './delivery.js';
import { attachEvents } from './events.js';
import { addExperiments } from './experiments.js';
import { addPrivacy } from './privacy.js';
import { addPrompts } from './prompts.js';
import { createQueue } from './queue.js';
import type { ClientOptions, FeedloopClient } from './types.js';
import { addUpdates } from './updates.js';
import { feedbackProblem } from './validate.js';

/**
 * A Feedloop client: the persistent queue (`createQueue`), its delivery (`createDelivery`), and
 * the making of events on top of them (`attachClient`). Safe to create during server-side rendering: browser
 * globals are only used when they exist, and never at import time.
 */
export function createClient(options: ClientOptions): FeedloopClient {
  options = { ...options }; // the privacy layer installs its stores and gate on the options it is given
  return attachClient(createDelivery(options, createQueue(options)), options);
}

/**
 * The client on top of a delivery: makes, checks (`feedbackProblem`) and queues the events
 * (feedback, exposures), keeps the user, feature and experiments, exposes the variants of
 * `options.experiments`, asks for the submitter's updates (`addUpdates`), and honours opt-out,
 * consent and Global Privacy Control (`addPrivacy`, which installs its stores and gate on
 * `options`: pass the options the queue was made with).
 */
export function attachClient(delivery: Delivery, options: ClientOptions): FeedloopClient {
  const maker = attachEvents(delivery, options, feedbackProblem);
  const updates = addUpdates(maker, delivery, options);
  const client: FeedloopClient = { ...maker.client, ...addExperiments(maker, delivery), ...updates, ...addPrivacy(maker, delivery, options, updates), ...addPrompts(options) };
  client.setExperiments(options.experiments ?? {});
  return client;
}
