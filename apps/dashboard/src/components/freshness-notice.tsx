import type { Aggregate } from '../api.js';
import { formatClock, formatLag, lagOf } from '../freshness.js';

/**
 * Under a page's heading: how old its numbers are, when the aggregates lag behind by more than a
 * few seconds; nothing otherwise. A polite live region, always there, so a screen reader hears
 * the notice when it appears.
 */
export function FreshnessNotice({ answers }: { answers: (Aggregate<{ asOf: string }> | undefined)[] }) {
  const lag = lagOf(answers);
  return (
    <div class="freshness" role="status">
      {lag && (
        <p class="notice-box">
          Numbers as of <time dateTime={lag.asOf}>{formatClock(lag.asOf)}</time>, {formatLag(lag.behindMs)} behind: the aggregator is catching up
        </p>
      )}
    </div>
  );
}
