import Type, { type Static } from 'typebox';
import { MAX_EXCERPT_LENGTH, MAX_ID_LENGTH } from './limits.js';
import { DateTime, Nullable, Uuid } from './primitives.js';
import { FeedbackStatusSchema } from './triage.js';

/**
 * What the submitter hears back (public key): the changes to their own feedback
 * (`POST /v1/updates`), and marking them seen (`POST /v1/updates/seen`).
 */

const AnonymousId = Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: "The widget's anonymousId." });
const Identity = {
  anonymousId: AnonymousId,
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: 'Signed-in user, vouched for by userHash.' })),
  userHash: Type.Optional(
    Type.String({
      pattern: '^[0-9a-fA-F]{64}$',
      description: 'hex HMAC-SHA256(key = hex SHA-256 of the project secret key, message = userId), computed by the host app server.',
    }),
  ),
};

export const UpdatesQuery = Type.Object({ ...Identity, key: Type.Optional(Type.String()) });
export type UpdatesQuery = Static<typeof UpdatesQuery>;

export const SubmitterUpdate = Type.Object({
  id: Uuid,
  feature: Type.String(),
  status: FeedbackStatusSchema,
  publicReply: Nullable(Type.String()),
  excerpt: Nullable(Type.String({ description: `The first ${MAX_EXCERPT_LENGTH} characters of their own comment.` })),
  submittedAt: DateTime,
  updatedAt: DateTime,
});
export type SubmitterUpdate = Static<typeof SubmitterUpdate>;

export const UpdatesResponse = Type.Object({ updates: Type.Array(SubmitterUpdate, { description: 'Newest change first; at most 20.' }) }, { title: 'UpdatesResponse' });
export type UpdatesResponse = Static<typeof UpdatesResponse>;

export const MarkSeenRequest = Type.Object(
  { ...Identity, ids: Type.Array(Uuid, { minItems: 1, maxItems: 100 }) },
  { title: 'MarkSeenRequest', additionalProperties: false },
);
export type MarkSeenRequest = Static<typeof MarkSeenRequest>;
export const MarkSeenResponse = Type.Object({ seen: Type.Integer() }, { title: 'MarkSeenResponse' });
export type MarkSeenResponse = Static<typeof MarkSeenResponse>;
