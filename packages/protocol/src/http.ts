/**
 * Names on the HTTP layer: the version in every path, header and query parameter names.
 * Typebox-free: browser code imports them from `@feedloop/protocol/http`.
 */

/** Every path starts with `/v1/`. */
export const PROTOCOL_VERSION = 'v1';

/** Header and query parameter that carry a project's public key. */
export const KEY_HEADER = 'x-feedloop-key';
export const KEY_QUERY = 'key';

/**
 * Formerly the name a dashboard or CLI gave for its user; the audit trail now names the
 * authenticated actor, and this header is ignored.
 */
export const ACTOR_HEADER = 'x-feedloop-actor';

/** The project a signed-in person's request is about (tokens and keys belong to one project). */
export const PROJECT_HEADER = 'x-feedloop-project';

/** On aggregate answers: every event acknowledged before this moment is counted (see freshness.ts). */
export const AS_OF_HEADER = 'x-feedloop-as-of';

/** The session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS. */
export const SESSION_COOKIE = 'feedloop_session';

/** Headers of every webhook delivery. The signature is `v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
export const WEBHOOK_HEADERS = {
  signature: 'feedloop-signature',
  timestamp: 'feedloop-timestamp',
  event: 'feedloop-event',
  delivery: 'feedloop-delivery',
} as const;
