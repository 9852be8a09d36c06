import type { Event, Experiments, FeedbackEvent } from '@feedloop/protocol';
import { MAX_URL_LENGTH } from '@feedloop/protocol/limits';
import type { Delivery } from './delivery.js';
import { uuid } from './id.js';
import type { ClientOptions, FeedloopClient } from './types.js';
import { feedbackProblem, isName } from './validate.js';

/**
 * Trimmed text, or undefined when blank. U+0000 (which pasted text can carry) becomes U+FFFD:
 * the service refuses NUL, and a whole comment must not be lost over one invisible character.
 */
const clean = (text: string | undefined) => text?.trim().replace(/\0/g, '\uFFFD') || undefined;

/**
 * The client on top of a delivery: makes, checks and queues the events (feedback, exposures),
 * keeps the user, feature and experiments. The script tag loads this part lazily.
 */
export function attachClient(delivery: Delivery, options: ClientOptions): FeedloopClient {
  const browser = typeof window == 'object' ? window : undefined;
  const { local, session, queued, write, emit } = delivery;
  const { appVersion } = options;
  const locale = options.locale ?? globalThis.navigator?.language;
  let { userId, feature } = options;
  let experiments: Experiments = {};
  let droppedTotal = 0;

  /** A random id kept under `name`, made on first use. */
  const rememberedId = (store: typeof local, name: string) => store.load(name, '') || (store.save(name, (name = uuid())), name);
  const anonymousId = rememberedId(local, 'feedloop:anonymousId');
  const sessionId = rememberedId(session, 'feedloop:sessionId');

  function enqueue(event: Event) {
    const events = [...queued(), event];
    const dropped = Math.max(0, events.length - (options.maxQueue ?? 500)); // the oldest go first
    write(events.slice(dropped));
    if (dropped) {
      console.warn('feedloop: queue full, events dropped:', (droppedTotal += dropped));
      emit('dropped', { count: dropped, total: droppedTotal });
    }
    emit('queued', event);
    delivery.soon(options.flushDelay ?? 1000);
  }

  /** Fields every event carries; the id is made here once, and every retry sends the same one. */
  const common = () => ({
    id: uuid(),
    timestamp: new Date().toISOString(),
    anonymousId,
    sessionId,
    userId,
    url: browser?.location.href.slice(0, MAX_URL_LENGTH),
    experiments: { ...experiments },
    context: { appVersion, locale },
  });

  function exposure(experiment: string, variant: string) {
    if (!isName(experiment) || !isName(variant)) return console.warn('feedloop: invalid experiment', experiment, variant);
    experiments[experiment] = variant;
    const exposed = session.load<string[]>('feedloop:exposed', []);
    const id = experiment + '=' + variant;
    if (exposed.includes(id)) return; // once per session
    session.save('feedloop:exposed', [...exposed, id]);
    enqueue({ type: 'exposure', ...common(), experiment, variant });
  }

  function setExperiments(map: Experiments) {
    experiments = {};
    for (const name in map) exposure(name, map[name]!);
  }

  /** The feature is a name, or a function asked at the moment of use (e.g. the current route's). */
  const getFeature = () => (typeof feature == 'function' ? feature() : feature);

  setExperiments(options.experiments ?? {});

  return {
    feedback(input) {
      const target = input.feature ?? getFeature();
      const problem = feedbackProblem(input, target);
      if (problem) throw TypeError('feedloop: invalid feedback: ' + problem);
      const { rating, category, email, metadata } = input;
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
      };
      enqueue(event);
      return event;
    },
    exposure,
    setExperiments,
    identify: (id) => void (userId = id),
    setFeature: (name) => void (feature = name),
    getFeature,
    getExperiments: () => ({ ...experiments }),
    flush: delivery.flush,
    pending: delivery.pending,
    on: delivery.on,
    emit,
    destroy: delivery.destroy,
  };
}
