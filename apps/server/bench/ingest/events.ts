/** The events the ingest benchmark sends, and the same events as the rows the hot path stores. */
import { randomUUID } from 'node:crypto';
import { toRows } from '../../src/services/events/to-rows.js';
import { validateEvent, type ValidEvent } from '../../src/services/events/validate-event.js';

/** The origin the load's requests come from, as a browser's would (the service checks it: CORS). */
export const ORIGIN = 'https://shop.example';

/**
 * Feedback from 10,000 users on 20 features; a user stays in one variant (the SDK's assignment
 * is sticky), so most events are a user's first on their feature but not in their variant.
 */
export function feedbackEvent(feature = `feature-${Math.floor(Math.random() * 20)}`) {
  const user = Math.floor(Math.random() * 10_000);
  return {
    type: 'feedback',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    anonymousId: `anon-${user}`,
    feature,
    experiments: { 'checkout-button': user % 2 === 0 ? 'control' : 'one-click' },
    rating: { scale: 'stars', value: 1 + Math.floor(Math.random() * 5) },
    ...(Math.random() < 0.3 ? { comment: 'Checkout was quick, but the coupon field is hard to find.' } : {}),
  };
}

const ID_MARK = '00000000-0000-4000-8000-00000000cafe';

/**
 * Flushes as the service sends them to PostgreSQL (validated, mapped to rows, serialised to JSON
 * as writeEvents does), `size` feedback rows each, every call with fresh ids. The JSON is built
 * once per template and only the ids change, so the client costs next to nothing per flush and
 * the database, not the benchmark, is what is measured.
 */
export function flushes(projectId: string, size: number, templates = 20): () => string {
  const window = { maxPastMs: 30 * 86_400_000, maxFutureMs: 86_400_000 };
  const pieces = Array.from({ length: templates }, () => {
    const now = Date.now();
    const events = Array.from({ length: size }, () => (validateEvent({ ...feedbackEvent(), id: ID_MARK }, now, window) as { event: ValidEvent }).event);
    return JSON.stringify(toRows(projectId, events, new Date(now)).feedback).split(ID_MARK);
  });
  let next = 0;
  return () => {
    const parts = pieces[next++ % templates]!;
    let json = parts[0]!;
    for (let i = 1; i < parts.length; i++) json += randomUUID() + parts[i]!;
    return json;
  };
}
