import type { Event } from '@feedloop/protocol';
import { KEY_QUERY } from '@feedloop/protocol/http';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '@feedloop/protocol/limits';
import { firstBatch } from './batch.js';
import { jsonStore } from './storage.js';
import type { ClientOptions, FeedloopClient } from './types.js';

/** Room left under the service's body limit for the envelope. */
const BATCH_BYTES = MAX_BODY_BYTES - 1024;

export type JsonStore = ReturnType<typeof jsonStore>;

/** Listeners of the client's events, by event name. */
export type Listeners = Record<string, Set<(payload: never) => void>>;

/**
 * `on` over a map of listeners. The script tag's loader has `on` at once with a map of its own,
 * and hands the map to the queue a lazy chunk makes later (`createQueue`'s `listeners`).
 */
export const listen =
  (listeners: Listeners): FeedloopClient['on'] =>
  (name, listener) => {
    const set = (listeners[name] ??= new Set());
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  };

/**
 * The persistent queue, the beacon that hands it to the browser when the page goes away, and the
 * client's event listeners (`on`).
 * `createDelivery` sends it with fetch and retries. The script tag makes it in the first lazy
 * chunk that needs it (no event can exist before): events left by an earlier page wait in
 * localStorage until then, and feedloop.js loads the core at once when it sees them.
 */
export interface Queue extends Pick<FeedloopClient, 'on' | 'emit'> {
  /** localStorage and sessionStorage, forgiving (see `jsonStore`). */
  local: JsonStore;
  session: JsonStore;
  /** `{endpoint}/v1/events`. */
  url: string;
  /** The events waiting, oldest first (read fresh: tabs of a site share the queue). */
  queued(): Event[];
  write(events: Event[]): void;
  /** The leading events that fit one request. */
  batch(events: Event[]): Event[];
  /** Removes the page listeners. */
  stop(): void;
}

/**
 * Safe during server-side rendering: browser globals are only used when they exist. `listeners`:
 * those of an `on` made before the queue (see `listen`).
 */
export function createQueue(options: ClientOptions, listeners: Listeners = {}): Queue {
  const { key } = options;
  const url = (options.endpoint ?? '').replace(/\/+$/, '') + '/v1/events';
  const local = jsonStore(() => options.storage ?? localStorage);
  const queueKey = 'feedloop:queue:' + key;
  const batchSize = Math.min(options.batchSize ?? MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH);
  let inMemory: Event[] = []; // the queue where Web Storage is unusable

  // The queue is read, changed and written in one go each time, so tabs of one site sharing it
  // do not overwrite each other's events.
  const queued = () => local.load(queueKey, inMemory);
  const batch = (events: Event[]) => firstBatch(events, batchSize, BATCH_BYTES);

  /**
   * The page is going away: hand everything queued to the browser as beacons. A beacon cannot set
   * headers, so the key rides in the query, and a string body goes as text/plain (no CORS
   * preflight). The events stay queued: if a beacon is lost the next page sends them again, and
   * the service stores each id only once.
   */
  function beaconAll() {
    for (let rest = queued(), events; (events = batch(rest))[0]; rest = rest.slice(events.length))
      if (!navigator.sendBeacon(`${url}?${KEY_QUERY}=${encodeURIComponent(key)}`, JSON.stringify({ events }))) return;
  }
  const onHidden = () => document.visibilityState == 'hidden' && beaconAll();
  const onPage = (method: 'addEventListener' | 'removeEventListener') => {
    // Optional calls: no page events without a window (SSR).
    globalThis[method]?.('pagehide', beaconAll);
    globalThis[method]?.('visibilitychange', onHidden);
  };
  onPage('addEventListener');

  return {
    local,
    session: jsonStore(() => options.sessionStorage ?? sessionStorage),
    url,
    queued,
    write: (events) => void local.save(queueKey, (inMemory = events)),
    batch,
    stop: () => onPage('removeEventListener'),
    on: listen(listeners),
    emit: (name, payload) =>
      listeners[name]?.forEach((listener) => {
        try {
          listener(payload as never);
        } catch (error) {
          console.error(error); // a listener's bug must not stop delivery
        }
      }),
  };
}
