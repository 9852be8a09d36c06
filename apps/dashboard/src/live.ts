import type { FeedbackItem } from '@feedloop/protocol';
import type { Api } from './api.js';
import { EventStreamParser, readEventStream, type ServerSentEvent } from './sse.js';

/**
 * New feedback as it arrives. First choice: `GET /v1/stream`, server-sent events read from a
 * `fetch` stream (so the project travels in a header, as on every other call).
 * Where the service has no stream (404), poll the newest feedback every 5 s instead; a dropped
 * stream reconnects with backoff and catches up with one poll.
 */
export type LiveStatus = 'connecting' | 'live' | 'polling' | 'offline';

export interface LiveOptions {
  api: Api;
  /** New items (oldest first), or an item whose triage changed (`updated`). */
  onItems(items: FeedbackItem[], updated?: boolean): void;
  onStatus(status: LiveStatus): void;
  /** The server says events may have been missed: numbers on screen should be refetched. */
  onResync?(): void;
  pollMs?: number;
  streamPath?: string;
}

const MAX_BACKOFF_MS = 15_000;
const POLL_PAGE = 50;

export function startLive(options: LiveOptions): () => void {
  const { api, onItems, onStatus, onResync, pollMs = 5000, streamPath = '/v1/stream' } = options;
  const controller = new AbortController();
  const { signal } = controller;
  const seen = new Set<string>();
  let baseline = false;
  let status: LiveStatus | undefined;
  const setStatus = (next: LiveStatus) => {
    if (next !== status) onStatus((status = next));
  };

  const deliver = (items: FeedbackItem[]) => {
    const fresh = items.filter((item) => !seen.has(item.id));
    for (const item of items) seen.add(item.id);
    if (fresh.length > 0) onItems(fresh);
  };

  /** The newest page; the first call only remembers what is already there. */
  const poll = async () => {
    const page = await api.get<{ feedback: FeedbackItem[] }>('/v1/feedback', { limit: POLL_PAGE }, signal);
    const items = page.feedback.slice().reverse();
    if (!baseline) {
      baseline = true;
      for (const item of items) seen.add(item.id);
      return;
    }
    deliver(items);
  };

  const pollForever = async () => {
    setStatus('polling');
    while (!signal.aborted) {
      try {
        await poll();
        setStatus('polling');
      } catch {
        if (signal.aborted) return;
        setStatus('offline');
      }
      await sleep(pollMs, signal);
    }
  };

  const run = async () => {
    let backoff = 1000;
    const parser = new EventStreamParser();
    // Remember what exists now, so a catch-up poll after a reconnect reports only what is new.
    await poll().catch(() => undefined);
    while (!signal.aborted) {
      if (status === undefined || status === 'live') setStatus('connecting');
      let response: Response;
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (parser.lastEventId) headers['last-event-id'] = parser.lastEventId;
        response = await api.fetch(streamPath, { signal, headers });
      } catch {
        if (signal.aborted) return;
        setStatus('offline');
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      if (response.status === 404 || response.status === 405 || response.status === 501) {
        void response.body?.cancel();
        return pollForever();
      }
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
        void response.body?.cancel();
        if (response.status === 401) return setStatus('offline');
        setStatus('offline');
        await sleep(parser.retry ?? backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      setStatus('live');
      backoff = 1000;
      // Whatever arrived while the stream was down.
      poll().catch(() => undefined);
      try {
        for await (const event of readEventStream(response.body, parser)) {
          if (event.event === 'resync') {
            poll().catch(() => undefined);
            onResync?.();
            continue;
          }
          const item = feedbackOf(event);
          if (!item) continue;
          // A change of triage is never news of its own: it updates the item where it is shown.
          if (event.event === 'feedback.updated') onItems([item], true);
          else deliver([item]);
        }
      } catch {
        /* dropped: reconnect below */
      }
      if (signal.aborted) return;
      setStatus('connecting');
      await sleep(parser.retry ?? backoff, signal);
    }
  };

  void run();
  return () => controller.abort();
}

/**
 * The feedback item an event carries (`feedback.created` / `feedback.updated`: a LoopFeedback),
 * also accepted wrapped as `{feedback}`, `{item}` or `{data}`. Other events are ignored.
 */
export function feedbackOf(event: ServerSentEvent): FeedbackItem | undefined {
  if (!/^(message|feedback(\.created|\.updated)?)$/.test(event.event)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    return undefined;
  }
  for (const candidate of [data, field(data, 'feedback'), field(data, 'item'), field(data, 'data')]) {
    if (isFeedbackItem(candidate)) return candidate;
  }
  return undefined;
}

const field = (value: unknown, name: string): unknown =>
  value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;

function isFeedbackItem(value: unknown): value is FeedbackItem {
  if (!value || typeof value !== 'object') return false;
  const item = value as Record<string, unknown>;
  return typeof item.id === 'string' && typeof item.feature === 'string' && typeof item.occurredAt === 'string';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
