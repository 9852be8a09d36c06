import { KEY_HEADER } from '@feedloop/protocol/http';
import { retryDelay } from './backoff.js';
import type { Queue } from './queue.js';
import type { ClientOptions, DeliveryError, FeedloopClient } from './types.js';

/** The persistent queue (see `createQueue`) and its delivery; `attachClient` adds the making of events. */
export interface Delivery extends Queue, Pick<FeedloopClient, 'flush' | 'pending' | 'destroy'> {
  /** Sends after `ms`, unless a retry is already waiting for its backoff. */
  soon(ms: number): void;
}

/**
 * Sends the queue in batches with fetch; retries network errors, 5xx and 429 with backoff.
 * Safe during server-side rendering: browser globals are only used when they exist.
 */
export function createDelivery(options: ClientOptions, queue: Queue): Delivery {
  const browser = typeof window == 'object' ? window : undefined;
  const { key } = options;
  const { queued, write, batch, emit } = queue;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<void> | undefined;
  let attempt = 0; // failures in a row; while > 0, new events wait for the backoff timer

  function schedule(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  async function drain() {
    for (let events; (events = batch(queued()))[0]; ) {
      const done = () => write(queued().filter((event) => !events.some((sent) => sent.id == event.id)));
      let error: DeliveryError;
      try {
        const response = await (options.fetch ?? fetch)(queue.url, {
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

  const onOnline = () => {
    attempt = 0;
    void flush();
  };
  browser?.addEventListener('online', onOnline);

  const delivery: Delivery = {
    ...queue,
    soon: (ms) => void (attempt || schedule(ms)),
    flush,
    pending: () => queued().length,
    destroy() {
      clearTimeout(timer);
      queue.stop();
      browser?.removeEventListener('online', onOnline);
    },
  };
  if (queued()[0]) schedule(1000); // left over from an earlier page or an offline period
  return delivery;
}
