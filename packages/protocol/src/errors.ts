import Type, { type Static } from 'typebox';

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
  'origin_not_allowed',
  'not_found',
  /** A webhook URL that is not http(s), has credentials, or points to a non-public address. */
  'webhook_url_forbidden',
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
] as const;
export type EventErrorCode = (typeof EVENT_ERROR_CODES)[number];

export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'Machine-readable error code.' }),
    message: Type.String({ description: 'Human-readable explanation.' }),
  },
  { title: 'ErrorResponse', description: 'Every error answer of the API.' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;
