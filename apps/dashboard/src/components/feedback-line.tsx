import type { FeedbackItem } from '@feedloop/protocol';
import { ratingLabel, relativeTime } from '../format.js';
import { href } from '../router.js';

/**
 * One feedback item in a compact line. Everything the user typed is rendered as text (JSX
 * children): never as HTML, never as a link target.
 */
export function FeedbackLine({ item, showFeature }: { item: FeedbackItem; showFeature?: boolean }) {
  return (
    <div class="feedback-line" data-id={item.id}>
      <div class="meta">
        {showFeature && <a href={href({ page: 'feature', feature: item.feature })}>{item.feature}</a>}
        {item.rating && <span class={`rating-chip ${item.rating.scale}`}>{ratingLabel(item.rating)}</span>}
        {item.category && <span class="chip">{item.category}</span>}
        <time dateTime={item.occurredAt} class="muted">
          {relativeTime(item.occurredAt)}
        </time>
      </div>
      {item.comment && <p class="comment">{item.comment}</p>}
    </div>
  );
}
