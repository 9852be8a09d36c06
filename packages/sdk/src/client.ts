import type { Event, Experiments, FeedbackEvent } from '@feedloop/protocol';
import { KEY_HEADER, KEY_QUERY, MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH, MAX_URL_LENGTH } from '@feedloop/protocol/limits';
import { retryDelay } from './backoff.js';
import { uuid } from './id.js';
import { firstBatch } from './batch.js';
import { jsonStore } from './storage.js';
import type { ClientEvents, ClientOptions, DeliveryError, FeedloopClient } from './types.js';
import { feedbackProblem, isName } from './validate.js';

/**
 * Trimmed text, or undefined when blank. U+0000 (which pasted text can carry) becomes U+FFFD:
 * the service refuses NUL, and a whole comment must not be lost over one invisible character.
 */
const clean = (text: string | undefined) => text?.trim().replace(/\0/g, '\uFFFD') || undefined;

/** Room left under the service's body limit for the envelope. */
const BATCH_BYTES = MAX_BODY_BYTES - 1024;

/**
 * A Feedloop client. Safe to create during server-side rendering: browser globals are only used
 * when they exist, and never at import time.
 */
export function createClient(options: ClientOptions): FeedloopClient {
  const browser = typeof window == 'object' ? window : undefined;
  const { key, appVersion } = options;
  const url = (options.endpoint ?? '').replace(/\/+$/, '') + '/v1/events';
  const local = jsonStore(() => options.storage ?? localStorage);
  const session = jsonStore(() => options.sessionStorage ?? sessionStorage);
  const queueKey = 'feedloop:queue:' + key;
  const batchSize = Math.min(options.batchSize ?? MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH);
  const locale = options.locale ?? globalThis.navigator?.language;
  const listeners: Record<string, Set<(payload: never) => void>> = {};
  let { userId, feature } = options;
  let experiments: Experiments = {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<void> | undefined;
  let attempt = 0; // failures in a row; while > 0, new events wait for the backoff timer
  let droppedTotal = 0;
  let inMemory: Event[] = []; // the queue where Web Storage is unusable

  /** A random id kept under `name`, made on first use. */
  const rememberedId = (store: typeof local, name: string) => store.load(name, '') || (store.save(name, (name = uuid())), name);
  const anonymousId = rememberedId(local, 'feedloop:anonymousId');
  const sessionId = rememberedId(session, 'feedloop:sessionId');

  // The queue is read, changed and written in one go each time, so tabs of one site sharing it
  // do not overwrite each other's events.
  const queued = () => local.load(queueKey, inMemory);
  const writeQueue = (events: Event[]) => local.save(queueKey, (inMemory = events));

  function emit<K extends keyof ClientEvents>(name: K | 'open' | 'close' | 'submit', payload: ClientEvents[K]) {
    listeners[name]?.forEach((listener) => {
      try {
        listener(payload as never);
      } catch (error) {
        console.error(error); // a listener's bug must not stop delivery
      }
    });
  }

  function schedule(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  function enqueue(event: Event) {
    const events = [...queued(), event];
    const dropped = Math.max(0, events.length - (options.maxQueue ?? 500)); // the oldest go first
    writeQueue(events.slice(dropped));
    if (dropped) {
      console.warn('feedloop: queue full, events dropped:', (droppedTotal += dropped));
      emit('dropped', { count: dropped, total: droppedTotal });
    }
    emit('queued', event);
    if (!attempt) schedule(options.flushDelay ?? 1000);
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

  async function drain() {
    for (let events; (events = firstBatch(queued(), batchSize, BATCH_BYTES))[0]; ) {
      const ids = events.map((event) => event.id);
      const done = () => writeQueue(queued().filter((event) => !ids.includes(event.id)));
      let error: DeliveryError;
      try {
        const response = await (options.fetch ?? fetch)(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [KEY_HEADER]: key },
          body: JSON.stringify({ events }),
          credentials: 'omit',
        });
        const body = await response.json().catch(() => ({}));
        const { status } = response;
        if (response.ok) {
          attempt = 0;
          done();
          emit('sent', { events, response: body });
          // Refused events are not retried: they would be refused again.
          if (body.rejected?.[0]) emit('error', { kind: 'rejected', code: 'rejected', message: '', events, rejected: body.rejected });
          continue;
        }
        error = { kind: 'http', status, code: body.code ?? 'http_' + status, message: body.message, events };
        // 429 and 5xx may pass later; any other 4xx would fail the same way again.
        if (status == 429 || status > 499) error.retryIn = retryDelay(attempt++, response.headers.get('retry-after'));
      } catch (cause) {
        // Offline, DNS, or an ad blocker: the events wait in the queue.
        error = { kind: 'network', code: 'network_error', message: String(cause), events, retryIn: retryDelay(attempt++) };
      }
      if (error.retryIn == undefined) done();
      else schedule(error.retryIn);
      emit('error', error);
      return;
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    return (inflight ??= drain().finally(() => (inflight = undefined)));
  }

  /**
   * The page is going away: hand everything queued to the browser as beacons. A beacon cannot set
   * headers, so the key rides in the query, and a string body goes as text/plain (no CORS
   * preflight). The events stay queued: if a beacon is lost the next page sends them again, and
   * the service stores each id only once.
   */
  function beaconAll() {
    for (let rest = queued(), events; (events = firstBatch(rest, batchSize, BATCH_BYTES))[0]; rest = rest.slice(events.length))
      if (!navigator.sendBeacon(`${url}?${KEY_QUERY}=${encodeURIComponent(key)}`, JSON.stringify({ events }))) return;
  }
  const onOnline = () => {
    attempt = 0;
    void flush();
  };
  const onHidden = () => document.visibilityState == 'hidden' && beaconAll();
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    browser?.[method]('online', onOnline);
    browser?.[method]('pagehide', beaconAll);
    browser?.[method]('visibilitychange', onHidden);
  };
  listen('addEventListener');

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
  if (queued()[0]) schedule(1000); // left over from an earlier page or an offline period

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
    flush,
    pending: () => queued().length,
    on(name, listener) {
      const set = (listeners[name] ??= new Set());
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit,
    destroy() {
      clearTimeout(timer);
      listen('removeEventListener');
    },
  };
}
