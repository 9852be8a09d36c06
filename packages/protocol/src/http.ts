/**
 * Names on the HTTP layer: the version in every path, header and query parameter names.
 * Typebox-free: browser code imports them from `@feedloop/protocol/http`.
 */

/** Every path starts with `/v1/`. */
export const PROTOCOL_VERSION = 'v1';

/** Header and query parameter that carry a project's public key. */
export const KEY_HEADER = 'x-feedloop-key';
export const KEY_QUERY = 'key';

/** Who made a change, as the dashboard or CLI names them (recorded in the audit trail). */
export const ACTOR_HEADER = 'x-feedloop-actor';

/** Headers of every webhook delivery. The signature is `v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
export const WEBHOOK_HEADERS = {
  signature: 'feedloop-signature',
  timestamp: 'feedloop-timestamp',
  event: 'feedloop-event',
  delivery: 'feedloop-delivery',
} as const;
