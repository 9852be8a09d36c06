const BASE_MS = 1_000;
const MAX_MS = 300_000;
/** A server asking for more than an hour is capped: the queue is persistent, nothing is lost by trying. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Delay before retry number `attempt` (0-based): exponential, with "equal jitter" so that many
 * browsers failing together do not come back together, and never sooner than `Retry-After`.
 */
export function retryDelay(attempt: number, retryAfter?: string | null, now = Date.now(), random = Math.random): number {
  const step = Math.min(MAX_MS, BASE_MS * 2 ** attempt);
  return Math.max(step / 2 + (random() * step) / 2, retryAfterMs(retryAfter, now));
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number {
  const ms = value ? (+value >= 0 ? +value * 1000 : Date.parse(value) - now) : 0;
  return ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : 0;
}
