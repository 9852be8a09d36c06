import { formatTime, ratingLabel } from '../../format.js';
import type { TriagedItem } from '../../triage.js';

/** What the item is about: feature (in the all-features inbox), rating, category, time, experiments. */
export function FeedbackMeta({ item, showFeature }: { item: TriagedItem; showFeature: boolean }) {
  return (
    <div class="meta">
      {showFeature && <span class="chip feature">{item.feature}</span>}
      {item.rating && <span class={`rating-chip ${item.rating.scale}`}>{ratingLabel(item.rating)}</span>}
      {item.category && <span class="chip">{item.category}</span>}
      <time dateTime={item.occurredAt} class="muted">
        {formatTime(item.occurredAt)}
      </time>
      {Object.entries(item.experiments ?? {}).map(([experiment, variant]) => (
        <span key={experiment} class="chip experiment">
          {experiment}: {variant}
        </span>
      ))}
    </div>
  );
}
