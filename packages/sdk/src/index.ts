/**
 * @feedloop/sdk: the headless browser client. No runtime dependencies: the wire types come from
 * @feedloop/protocol at compile time, and only its plain values (limits, vocabulary, HTTP names)
 * reach the bundle.
 */
export { attachClient, createClient } from './client.js';
export { createDelivery, type Delivery } from './delivery.js';
export { createQueue, listen, type JsonStore, type Listeners, type Queue } from './queue.js';
export { attachEvents, type EventMaker, type FeedbackCheck } from './events.js';
export { addExperiments } from './experiments.js';
export { addUpdates, SUBMITTED_KEY, type UpdatesApi } from './updates.js';
export { addPrivacy, ANONYMOUS_ID_KEY, EXPOSED_KEY, OPT_OUT_KEY, PROMPTS_KEY, SESSION_ID_KEY, type PrivacyApi } from './privacy.js';
export { addPrompts } from './prompts.js';
export { retryDelay, retryAfterMs } from './backoff.js';
export { isName } from './validate.js';
export { firstBatch } from './batch.js';
export { uuid } from './id.js';
export { memoryStore, type KeyValueStore } from './storage.js';
export type { Consent, FeatureSource, ClientEvents, ClientOptions, DeliveryError, FeedbackInput, FeedloopClient } from './types.js';
export type { BrowserPrompt, Event, Experiments, ExposureEvent, FeedbackEvent, IngestResponse, PromptDocument, SubmitterUpdate } from '@feedloop/protocol';
