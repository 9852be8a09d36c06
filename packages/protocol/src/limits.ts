/**
 * Limits of the v1 wire contract: sizes, counts and the name pattern, as plain constants.
 * Typebox-free: browser code imports them from `@feedloop/protocol/limits`.
 */

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
/** A metadata key's length. */
export const MAX_METADATA_KEY_LENGTH = 64;

/**
 * What `email` must look like: the address syntax HTML's `<input type=email>` accepts, with
 * letters beyond ASCII allowed too (an address with an internationalised domain or local part).
 * No spaces, brackets, quotes or angle brackets, so no markup.
 */
export const EMAIL_PATTERN =
  "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\\u0080-\\uFFFF-]+@[A-Za-z0-9\\u0080-\\uFFFF](?:[A-Za-z0-9\\u0080-\\uFFFF-]{0,61}[A-Za-z0-9\\u0080-\\uFFFF])?(?:\\.[A-Za-z0-9\\u0080-\\uFFFF](?:[A-Za-z0-9\\u0080-\\uFFFF-]{0,61}[A-Za-z0-9\\u0080-\\uFFFF])?)*$";
/** What `url` must look like: an absolute http: or https: URL, without whitespace (never javascript:, data:, file:). */
export const URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$';

// Privacy settings of a project (scrubbing at ingest).
/** Extra patterns a project may add. */
export const MAX_SCRUB_PATTERNS = 20;
/** Characters of one extra pattern. */
export const MAX_SCRUB_PATTERN_LENGTH = 200;
/** Metadata keys a project may drop at ingest. */
export const MAX_DROPPED_METADATA_KEYS = 50;

// Triage.
/** A triage actor's display name. */
export const MAX_ACTOR_LENGTH = 100;
export const MAX_PUBLIC_REPLY_LENGTH = 2000;
export const MAX_TAGS = 20;
export const MAX_BULK_IDS = 500;

/** The feedback list's comment search. */
export const MAX_SEARCH_LENGTH = 200;

/** Characters of the submitter's own comment an update quotes. */
export const MAX_EXCERPT_LENGTH = 140;

// Teams.
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_DISPLAY_NAME_LENGTH = 100;
export const MAX_TOKEN_NAME_LENGTH = 100;

// Prompts (prompts.ts; the shared rules in prompt-rules.ts).
export const MAX_PROMPT_NAME_LENGTH = 100;
/** Characters of a prompt's question in one locale. */
export const MAX_PROMPT_QUESTION_LENGTH = 200;
/** Locales one prompt's question may be worded in. */
export const MAX_PROMPT_LOCALES = 20;
/** A BCP 47 language tag as the contract accepts it (e.g. "en", "pt-BR", "zh-Hant-TW"). */
export const LOCALE_TAG_PATTERN = '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$';
export const MAX_LOCALE_TAG_LENGTH = 35;
/** Characters of a `when.path` route pattern. */
export const MAX_ROUTE_PATTERN_LENGTH = 200;
/** Seconds on a page before a prompt may show (`when.delaySeconds`). */
export const MAX_PROMPT_DELAY_SECONDS = 3600;
/** Days of the frequency caps (`frequency.daysBetweenPrompts`, `frequency.daysAfterFeedback`). */
export const MAX_PROMPT_CAP_DAYS = 365;
/** Prompts per project (the browser document stays small). */
export const MAX_PROMPTS_PER_PROJECT = 100;
/**
 * Sampling resolution: a user is in a prompt's sample when their bucket (0 … 9999) is below
 * round(samplePercent × 100); so samplePercent has at most two decimals.
 */
export const PROMPT_SAMPLE_BUCKETS = 10_000;
/** Seconds browsers may reuse the prompt document before revalidating it (ETag). */
export const PROMPT_DOCUMENT_MAX_AGE = 300;
