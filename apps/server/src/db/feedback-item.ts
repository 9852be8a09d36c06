import type { FeedbackRow } from './schema.js';

/**
 * The columns a feedback item is made of, in the order every API shows them (the list, NDJSON
 * and CSV exports, webhooks, the live stream). Defined once: the services' item view, the CSV
 * header and the write path's `feedback.created` payload (db/functions/ingest.ts) derive from it.
 * New columns go at the end: spreadsheets and scripts read exports by position.
 */
export const FEEDBACK_ITEM_COLUMNS = [
  'id', 'occurred_at', 'received_at', 'feature', 'rating_scale', 'rating_value', 'comment', 'category', 'status',
  'anonymous_id', 'user_id', 'session_id', 'url', 'experiments', 'app_version', 'locale', 'email', 'metadata',
  'public_reply', 'issue_url', 'tags', 'triaged_at', 'status_changed_at',
] as const satisfies readonly (keyof FeedbackRow)[];

export type FeedbackItemColumn = (typeof FEEDBACK_ITEM_COLUMNS)[number];
export type FeedbackItemRow = Pick<FeedbackRow, FeedbackItemColumn>;

/** Columns shown as ISO-8601 UTC timestamps with milliseconds. */
export const FEEDBACK_ITEM_TIMES = ['occurred_at', 'received_at', 'triaged_at', 'status_changed_at'] as const satisfies readonly FeedbackItemColumn[];

/**
 * A column's name in the API: camelCase, except that rating_scale and rating_value together
 * make one `rating` ({scale, value}, or null).
 */
export function feedbackItemField(column: FeedbackItemColumn): string {
  return column.startsWith('rating_') ? 'rating' : column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
