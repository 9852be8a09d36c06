import type { FeedbackItem, LoopFeedback } from '@feedloop/protocol';
import { FEEDBACK_ITEM_COLUMNS, FEEDBACK_ITEM_TIMES, feedbackItemField, type FeedbackItemRow } from '../../db/feedback-item.js';

type Kind = 'time' | 'rating' | 'plain';
const TIMES: ReadonlySet<string> = new Set(FEEDBACK_ITEM_TIMES);
const FIELDS: readonly { field: string; column: keyof FeedbackItemRow; kind: Kind }[] = FEEDBACK_ITEM_COLUMNS.filter(
  (column) => column !== 'rating_value',
).map((column) => ({
  field: feedbackItemField(column),
  column,
  kind: column === 'rating_scale' ? 'rating' : TIMES.has(column) ? 'time' : 'plain',
}));

const isoOrNull = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * A stored feedback row as every API shows it (the list, exports, webhooks, the live stream),
 * field by field from db/feedback-item.ts, the same definition the write path's SQL is built from.
 */
export function feedbackItemFields(r: FeedbackItemRow): FeedbackItem {
  const item: Record<string, unknown> = {};
  for (const { field, column, kind } of FIELDS) {
    item[field] =
      kind === 'plain'
        ? r[column]
        : kind === 'time'
          ? isoOrNull(r[column] as Date | null)
          : r.rating_scale === null || r.rating_value === null
            ? null
            : { scale: r.rating_scale, value: r.rating_value };
  }
  return item as unknown as FeedbackItem;
}

/** A stored row as webhooks and the live stream show it. */
export function toLoopFeedback(r: FeedbackItemRow): LoopFeedback {
  return feedbackItemFields(r) as LoopFeedback;
}

/** An item as shown to someone who may not see submitters' emails (a viewer). */
export function withoutEmail<T extends { email: string | null }>(item: T): T {
  return item.email === null ? item : { ...item, email: null };
}
