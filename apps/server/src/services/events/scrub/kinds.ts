/**
 * What the scrubber replaces, each by `[redacted:<kind>]`, and what it drops (counted, no marker).
 * The kinds label `feedloop_scrubbed_total` in /metrics; the matched text is never kept or logged.
 */
export const SCRUB_KINDS = [
  'payment_card',
  'iban',
  'jwt',
  'api_key',
  'private_key',
  'bearer_token',
  'password',
  'secret',
  'url_password',
  'url_param',
  'email',
  'phone',
  'custom',
  /** A metadata entry dropped by the project's settings (no marker). */
  'metadata_key',
  /** A URL's query string dropped by the project's settings (no marker). */
  'query_string',
] as const;
export type ScrubKind = (typeof SCRUB_KINDS)[number];

/** Replacements per kind, filled in by a scrub and read by the caller (metrics). */
export type ScrubCounts = Partial<Record<ScrubKind, number>>;

export const marker = (kind: ScrubKind) => `[redacted:${kind}]`;

/** Where a marker starts: text that is already one is never matched again (idempotence). */
export const MARKER_PREFIX = '[redacted:';

/** Every marker in a text. */
export const MARKERS = /\[redacted:[a-z_]+\]/g;

export function count(counts: ScrubCounts, kind: ScrubKind): void {
  counts[kind] = (counts[kind] ?? 0) + 1;
}
