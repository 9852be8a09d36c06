/**
 * Limits of the v1 wire contract as plain constants. Free of any runtime dependency so the
 * browser SDK can import them without pulling the schema library into the page.
 */

export const PROTOCOL_VERSION = 'v1';

/** Events per `POST /v1/events` request (the server may be configured lower, never higher). */
export const MAX_EVENTS_PER_BATCH = 100;
/** Request body size in bytes (server default; configurable). */
export const MAX_BODY_BYTES = 64 * 1024;

export const FEATURE_PATTERN = '^[A-Za-z0-9._:/-]{1,100}$';
export const MAX_FEATURE_LENGTH = 100;
export const MAX_COMMENT_LENGTH = 5000;
export const MAX_METADATA_KEYS = 20;
export const MAX_METADATA_VALUE_LENGTH = 500;
export const MAX_EXPERIMENTS_PER_EVENT = 50;
export const MAX_ID_LENGTH = 200;
export const MAX_URL_LENGTH = 2048;
export const MAX_EMAIL_LENGTH = 320;

export const EVENT_TYPES = ['feedback', 'exposure'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const RATING_SCALES = {
  thumbs: { min: 0, max: 1 },
  stars: { min: 1, max: 5 },
  emoji: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
} as const;
export type RatingScale = keyof typeof RATING_SCALES;
export const RATING_SCALE_NAMES = Object.keys(RATING_SCALES) as RatingScale[];

export const CATEGORIES = ['bug', 'idea', 'praise', 'question', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Header and query parameter that carry a project's public key. */
export const KEY_HEADER = 'x-feedloop-key';
export const KEY_QUERY = 'key';

/** Triage states of a feedback item, in workflow order. */
export const FEEDBACK_STATUSES = ['new', 'acknowledged', 'planned', 'in_progress', 'done', 'declined'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
/** How people read them (dashboard, Slack messages). */
export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  declined: 'Declined',
};
