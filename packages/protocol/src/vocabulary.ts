/**
 * The closed lists of words of the v1 contract (event types, rating scales, categories,
 * statuses, webhook and stream event names, error codes, metrics and verdicts), with their
 * labels and ranges, as plain values. Typebox-free: browser code imports them from
 * `@feedloop/protocol/vocabulary`; the schemas build their enums from them.
 */

// ---------------------------------------------------------------------------------------------
// Events and ratings

export const EVENT_TYPES = ['feedback', 'exposure', 'prompt_shown', 'prompt_dismissed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const RATING_SCALES = {
  thumbs: { min: 0, max: 1 },
  stars: { min: 1, max: 5 },
  emoji: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
} as const;
export type RatingScale = keyof typeof RATING_SCALES;
export const RATING_SCALE_NAMES = Object.keys(RATING_SCALES) as RatingScale[];

/** NPS buckets: detractors 0–6, passives 7–8, promoters 9–10. */
export function npsBucket(value: number): 'detractor' | 'passive' | 'promoter' {
  return value >= 9 ? 'promoter' : value >= 7 ? 'passive' : 'detractor';
}

export const CATEGORIES = ['bug', 'idea', 'praise', 'question', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

// ---------------------------------------------------------------------------------------------
// Prompts

/** How a prompt asks: the rating scale its answer uses (one of RATING_SCALES). */
export const PROMPT_SCALES = ['thumbs', 'stars', 'emoji', 'nps'] as const satisfies readonly RatingScale[];
export type PromptScale = (typeof PROMPT_SCALES)[number];
/** An active prompt is in the browser document; a paused one is kept but never shown. */
export const PROMPT_STATUSES = ['active', 'paused'] as const;
export type PromptStatus = (typeof PROMPT_STATUSES)[number];
/** Where a comparison's feedback comes from: every feedback (self-selected clicks) or prompted feedback only. */
export const FEEDBACK_SOURCES = ['all', 'prompt'] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

// ---------------------------------------------------------------------------------------------
// Triage

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
/** Statuses that close an item (counted as "closed" by the report). */
export const CLOSED_STATUSES: readonly FeedbackStatus[] = ['done', 'declined'];

// ---------------------------------------------------------------------------------------------
// Webhooks and the live stream

export const WEBHOOK_EVENTS = ['feedback.created', 'feedback.updated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** What a delivery may carry: the events a webhook subscribes to, and alerts of the rules that name it. */
export const WEBHOOK_DELIVERY_EVENTS = [...WEBHOOK_EVENTS, 'alert.fired'] as const;
export type WebhookDeliveryEventType = (typeof WEBHOOK_DELIVERY_EVENTS)[number];
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A mail of the outbox: waiting (pending), being sent, sent, given up (failed), or not sent (cancelled: unsubscribed, erased, nothing left to tell). */
export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
/** What a mail is: a submitter's update (a reply, a new status), or an admin's test. Alerts and digests add theirs. */
export const MAIL_KINDS = ['submitter.update', 'test', 'alert', 'digest'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
/**
 * Alert rule kinds: a feature's rating significantly worse (than the previous period, or since a
 * release), a spike of negative feedback on a feature, a sample-ratio mismatch in a running
 * experiment, new feedback matching a keyword.
 */
export const ALERT_KINDS = ['rating_drop', 'negative_spike', 'srm', 'keyword'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** How often a member gets the period report by mail. */
export const DIGEST_FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
/** The locales mail is written in (anything else gets English). */
export const MAIL_LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

/**
 * SSE event names of `GET /v1/stream` (text/event-stream): `feedback.created` and
 * `feedback.updated` carry a LoopFeedback as data; `resync` (no data) means events may have
 * been missed: refetch.
 */
export const STREAM_EVENTS = ['feedback.created', 'feedback.updated', 'resync'] as const;
export type StreamEventName = (typeof STREAM_EVENTS)[number];

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Machine-readable codes of whole-request errors. Every 4xx/5xx answer of the API is
 * `{ code, message }` with one of these codes.
 */
export const REQUEST_ERROR_CODES = [
  'invalid_body',
  'invalid_query',
  'invalid_params',
  'unknown_key',
  'wrong_key_type',
  'unauthorized',
  /** Signed in or holding a token, but the role or scope does not allow this. */
  'forbidden',
  /** A request that changes something, authenticated by the session cookie, from another site. */
  'csrf_rejected',
  /** A signed-in person's request that names no project (x-feedloop-project header). */
  'project_required',
  'invalid_credentials',
  'account_disabled',
  'password_sign_in_disabled',
  /** A one-time link (set-up, invitation, reset) that is unknown, used or expired. */
  'invalid_link',
  'sso_failed',
  'origin_not_allowed',
  'not_found',
  /** An erasure or export that names no person (userId, anonymousId or email). */
  'identifier_required',
  /** A prompt definition breaking a rule its schema cannot state (see prompt-rules.ts). */
  'invalid_prompt',
  /** A prompt's `when.path` that is not a valid route pattern (see prompt-rules.ts). */
  'invalid_route_pattern',
  /** A project already has MAX_PROMPTS_PER_PROJECT prompts. */
  'too_many_prompts',
  /** A webhook URL that is not http(s), has credentials, or points to a non-public address. */
  'webhook_url_forbidden',
  /** Mail is off: FEEDLOOP_SMTP_URL and FEEDLOOP_MAIL_FROM are not set. */
  'mail_disabled',
  /** An unsubscribe link that this service did not make (or was cut short). */
  'invalid_token',
  /** A privacy setting's pattern that is not valid RE2 syntax, or that matches the empty text. */
  'invalid_pattern',
  /** An alert rule's threshold (factor, days, minimum count, keywords…) outside its range. */
  'threshold_out_of_range',
  /** A time zone that is not an IANA name the service knows (e.g. "Europe/Berlin"). */
  'invalid_time_zone',
  /** An operation about one's own person (subscriptions, digests) called with a token or key. */
  'person_required',
  'conflict',
  'payload_too_large',
  'too_many_events',
  'unsupported_media_type',
  'rate_limited',
  'overloaded',
  'database_unavailable',
  'internal_error',
] as const;
export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];

/** Codes of a single event rejected inside an otherwise accepted batch. */
export const EVENT_ERROR_CODES = [
  'invalid_event',
  'unknown_type',
  'invalid_id',
  'invalid_timestamp',
  'timestamp_out_of_range',
  'invalid_anonymous_id',
  'invalid_user_id',
  'invalid_session_id',
  'invalid_url',
  'invalid_experiments',
  'invalid_context',
  'invalid_feature',
  'invalid_rating',
  'invalid_comment',
  'missing_content',
  'invalid_category',
  'invalid_email',
  'invalid_metadata',
  'invalid_experiment',
  'invalid_variant',
  'invalid_text',
  'invalid_prompt_id',
] as const;
export type EventErrorCode = (typeof EVENT_ERROR_CODES)[number];

// ---------------------------------------------------------------------------------------------
// Comparisons (experiments, releases, report)

export const METRICS = ['feedbackRate', 'thumbs', 'stars', 'emoji', 'nps'] as const;
export type Metric = (typeof METRICS)[number];

export const VERDICTS = ['better', 'worse', 'no_detectable_difference', 'not_enough_data'] as const;
export type VerdictKind = (typeof VERDICTS)[number];

// ---------------------------------------------------------------------------------------------
// Teams

/** Roles per project, weakest first: each may do what the one before may, and more. */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', member: 'Member', admin: 'Admin', owner: 'Owner' };

/** What an API token may do: read everything, export, triage, administer the project. */
export const TOKEN_SCOPES = ['read', 'export', 'triage', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Who made a change in the audit trail. */
export const ACTOR_TYPES = ['user', 'token', 'key', 'operator', 'anonymous'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];
