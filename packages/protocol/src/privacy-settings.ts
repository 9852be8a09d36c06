import Type, { type Static } from 'typebox';
import {
  MAX_DROPPED_METADATA_KEYS,
  MAX_METADATA_KEY_LENGTH,
  MAX_SCRUB_PATTERN_LENGTH,
  MAX_SCRUB_PATTERNS,
} from './limits.js';
import { DateTime, Nullable } from './primitives.js';

/**
 * A project's privacy settings: what ingest scrubs from free text before anything is stored,
 * beyond what it always scrubs (card numbers, IBANs, API keys and tokens, passwords in URLs,
 * secret query parameters). `GET` and `PUT /v1/projects/{projectId}/privacy/settings` (admins).
 */

const Choice = <A extends string, B extends string>(a: A, b: B, description: string) =>
  Type.Union([Type.Literal(a), Type.Literal(b)], { description });

export const PrivacySettings = Type.Object(
  {
    extraPatterns: Type.Array(Type.String({ minLength: 1, maxLength: MAX_SCRUB_PATTERN_LENGTH }), {
      maxItems: MAX_SCRUB_PATTERNS,
      description: `Up to ${MAX_SCRUB_PATTERNS} regular expressions in RE2 syntax (no backreferences or lookaround; matched in linear time), each of at most ${MAX_SCRUB_PATTERN_LENGTH} characters: every match in the comment, metadata values, the URL and the user id becomes [redacted:custom]. Case-sensitive; write (?i) for the opposite.`,
    }),
    dropMetadataKeys: Type.Array(Type.String({ minLength: 1, maxLength: MAX_METADATA_KEY_LENGTH }), {
      maxItems: MAX_DROPPED_METADATA_KEYS,
      description: 'Metadata keys dropped before an event is stored (compared without regard to case).',
    }),
    emailsInComments: Choice('keep', 'redact', 'Email addresses inside comments: kept (default), or replaced by [redacted:email].'),
    phonesInComments: Choice('keep', 'redact', 'Phone numbers inside comments: kept (default), or replaced by [redacted:phone].'),
    urlQueryStrings: Choice(
      'keep',
      'drop',
      "The page URL's query string: kept (default; secret parameters are redacted either way), or dropped.",
    ),
  },
  {
    title: 'PrivacySettings',
    description:
      'What ingest scrubs beyond its defaults. Applied to events received after the change only: events already stored keep the text they were stored with.',
    additionalProperties: false,
  },
);
export type PrivacySettings = Static<typeof PrivacySettings>;

export const PrivacySettingsResponse = Type.Object(
  {
    settings: PrivacySettings,
    updatedAt: Nullable(DateTime),
    appliesTo: Type.Literal('new_events', {
      description: 'Settings apply to events received after they change (within 10 seconds); stored events are never scrubbed again.',
    }),
  },
  { title: 'PrivacySettingsResponse' },
);
export type PrivacySettingsResponse = Static<typeof PrivacySettingsResponse>;

/** The defaults: everything kept that is not a secret. */
export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = {
  extraPatterns: [],
  dropMetadataKeys: [],
  emailsInComments: 'keep',
  phonesInComments: 'keep',
  urlQueryStrings: 'keep',
};
