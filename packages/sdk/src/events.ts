import type { Event, Experiments, FeedbackEvent } from '@feedloop/protocol';
import { MAX_URL_LENGTH } from '@feedloop/protocol/limits';
import type { Delivery } from './delivery.js';
import { uuid } from './id.js';
import type { ClientOptions, FeedbackInput, FeedloopClient } from './types.js';
import { isName } from './validate.js';

/**
 * Trimmed text, or undefined when blank. U+0000 (which pasted text can carry) becomes U+FFFD:
 * the service refuses NUL, and a whole comment must not be lost over one invisible character.
 */
const clean = (text: string | undefined) => text?.trim().replace(/\0/g, '\uFFFD') || undefined;

/** What is wrong with a feedback call (see `feedbackProblem`), or undefined. */
export type FeedbackCheck = (input: FeedbackInput, feature: string | undefined) => string | false | undefined;

/** The client without exposures (`exposure`, `setExperiments`) and updates, and what `addExperiments` and `addUpdates` need. */
export interface EventMaker {
  client: Omit<FeedloopClient, 'exposure' | 'setExperiments' | 'hasSubmitted' | 'updates' | 'markSeen' | 'optOut' | 'optIn' | 'optedOut' | 'forget' | 'consent' | 'mayStore' | 'promptDocument'>;
  /** The current variants, changed in place by `addExperiments`. */
  experiments: Experiments;
  /** Fields every event carries (a new id each time). */
  common(): Omit<FeedbackEvent, 'type' | 'feature' | 'rating' | 'comment' | 'category' | 'email' | 'metadata'>;
  /** Queues the event; false when it was not admitted (see `ClientOptions.admit`). */
  enqueue(event: Event): boolean;
}

/**
 * The making of events on a delivery: feedback (checked by `check`), user, feature, and the
 * current variants (`options.experiments`, valid names only; they ride on every event). Exposure
 * events come with `addExperiments`; the script tag loads that part (its core chunk) only when a page needs it.
 */
export function attachEvents(delivery: Delivery, options: ClientOptions, check: FeedbackCheck): EventMaker {
  const { local, session, queued, write, emit } = delivery;
  const { appVersion } = options;
  const locale = options.locale ?? globalThis.navigator?.language;
  let { userId, feature } = options;
  const experiments: Experiments = {};
  let droppedTotal = 0;
  for (const name in options.experiments) {
    const variant = options.experiments[name];
    if (isName(name) && isName(variant)) experiments[name] = variant;
  }

  /**
   * A random id kept under `name`, made on first use, read at each use: `forget()` removes it (the
   * next event makes a new one), and while nothing may be stored the store is the page's memory.
   */
  const rememberedId = (store: typeof local, name: string) => store.load(name, '') || (store.save(name, (name = uuid())), name);

  function enqueue(event: Event) {
    if (options.admit?.(event) == false) return false; // opted out, or no consent (see `addPrivacy`)
    const events = [...queued(), event];
    const dropped = Math.max(0, events.length - (options.maxQueue ?? 500)); // the oldest go first
    write(events.slice(dropped));
    if (dropped) {
      console.warn('feedloop: queue full, events dropped:', (droppedTotal += dropped));
      emit('dropped', { count: dropped, total: droppedTotal });
    }
    emit('queued', event);
    delivery.soon(options.flushDelay ?? 1000);
    return true;
  }

  /** Fields every event carries; the id is made here once, and every retry sends the same one. */
  const common = () => ({
    id: uuid(),
    timestamp: new Date().toISOString(),
    anonymousId: rememberedId(local, 'feedloop:anonymousId'),
    sessionId: rememberedId(session, 'feedloop:sessionId'),
    userId,
    // None without a window (SSR), nor from a file: or extension page: the service takes http(s) URLs only.
    url: /^https?:/.test(globalThis.location?.href ?? '') ? location.href.slice(0, MAX_URL_LENGTH) : undefined,
    experiments: { ...experiments },
    context: { appVersion, locale },
  });

  /** The feature is a name, or a function asked at the moment of use (e.g. the current route's). */
  const getFeature = () => (typeof feature == 'function' ? feature() : feature);

  return {
    experiments,
    common,
    enqueue,
    client: {
      feedback(input) {
        const target = input.feature ?? getFeature();
        const problem = check(input, target);
        if (problem) throw TypeError('feedloop: invalid feedback: ' + problem);
        const { rating, category, email, metadata, promptId } = input;
        // Only the contract's fields: the service rejects unknown properties.
        const event: FeedbackEvent = {
          type: 'feedback',
          ...common(),
          feature: target!,
          rating,
          comment: clean(input.comment),
          category,
          email: clean(email),
          metadata,
          promptId,
        };
        enqueue(event);
        return event;
      },
      track: (name) => emit('track', { name }),
      promptEvent: (type, promptId, feature) => void enqueue({ type, ...common(), promptId, feature }),
      getUser: () => ({ anonymousId: rememberedId(local, 'feedloop:anonymousId'), userId }),
      identify: (id) => void (userId = id),
      setFeature: (name) => void (feature = name),
      getFeature,
      getExperiments: () => ({ ...experiments }),
      flush: delivery.flush,
      pending: delivery.pending,
      on: delivery.on,
      emit,
      destroy: delivery.destroy,
    },
  };
}
