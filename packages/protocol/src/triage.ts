import Type, { type Static } from 'typebox';
import { MAX_ACTOR_LENGTH, MAX_BULK_IDS, MAX_PUBLIC_REPLY_LENGTH, MAX_TAGS, MAX_URL_LENGTH } from './limits.js';
import { DateTime, Nullable, Uuid } from './primitives.js';
import { ACTOR_TYPES, FEEDBACK_STATUSES } from './vocabulary.js';

/** Triage of a feedback item (status, public reply, issue link, tags), one or in bulk, with its audit trail. */

export const FeedbackStatusSchema = Type.Enum([...FEEDBACK_STATUSES]);

// No control characters: tags are shown in lists and chips.
export const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const Actor = Type.String({ minLength: 1, maxLength: MAX_ACTOR_LENGTH, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

export const TriageChanges = Type.Object(
  {
    status: Type.Optional(FeedbackStatusSchema),
    publicReply: Type.Optional(
      Nullable(Type.String({ maxLength: MAX_PUBLIC_REPLY_LENGTH, description: 'Shown to the submitter; "" or null removes it.' })),
    ),
    issueUrl: Type.Optional(
      Nullable(Type.String({ maxLength: MAX_URL_LENGTH, description: 'http(s) URL of the issue in the team tracker; null removes it.' })),
    ),
    tags: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAGS, description: 'Replaces the tags.' })),
    addTags: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAGS })),
    removeTags: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAGS })),
  },
  { additionalProperties: false },
);
export type TriageChanges = Static<typeof TriageChanges>;

export const UpdateFeedbackRequest = Type.Object(
  {
    ...TriageChanges.properties,
    actor: Type.Optional({ ...Actor, description: 'Ignored (kept so that older scripts still work): the audit trail names the authenticated actor.' }),
  },
  { title: 'UpdateFeedbackRequest', additionalProperties: false },
);
export type UpdateFeedbackRequest = Static<typeof UpdateFeedbackRequest>;

export const BulkUpdateRequest = Type.Object(
  {
    ids: Type.Array(Uuid, { minItems: 1, maxItems: MAX_BULK_IDS }),
    changes: TriageChanges,
    actor: Type.Optional({ ...Actor, description: 'Ignored: the audit trail names the authenticated actor.' }),
  },
  { title: 'BulkUpdateRequest', additionalProperties: false },
);
export type BulkUpdateRequest = Static<typeof BulkUpdateRequest>;

export const FeedbackIdParams = Type.Object({ id: Uuid });

export const TriageState = Type.Object(
  {
    id: Uuid,
    status: FeedbackStatusSchema,
    publicReply: Nullable(Type.String()),
    issueUrl: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    triagedAt: Nullable(DateTime),
    statusChangedAt: Nullable(DateTime),
    submitterNotifiedAt: Nullable({ ...DateTime, description: 'When the submitter-visible state (status, reply) last changed.' }),
    submitterSeenAt: Nullable({ ...DateTime, description: "When the submitter's widget marked the update seen." }),
  },
  { title: 'TriageState' },
);
export type TriageState = Static<typeof TriageState>;

export const FieldChange = Type.Object({ from: Type.Unknown(), to: Type.Unknown() });
export const AuditEntry = Type.Object(
  {
    id: Uuid,
    feedbackId: Uuid,
    at: DateTime,
    actor: Nullable(Type.String({ description: 'The actor as shown when the change was made.' })),
    actorType: Nullable(Type.Enum([...ACTOR_TYPES], { description: 'Null in entries older than accounts.' })),
    actorId: Nullable(Type.String()),
    keyId: Nullable(Uuid),
    keyHint: Nullable(Type.String()),
    changes: Type.Record(Type.String(), FieldChange, { description: '{"status": {"from": "new", "to": "planned"}, …}' }),
  },
  { title: 'AuditEntry' },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const TriageResponse = Type.Object(
  { ...TriageState.properties, audit: Type.Array(AuditEntry, { description: 'Oldest first.' }) },
  { title: 'TriageResponse' },
);
export type TriageResponse = Static<typeof TriageResponse>;

export const BulkUpdateResponse = Type.Object(
  {
    updated: Type.Integer({ description: 'Items that changed.' }),
    unchanged: Type.Integer({ description: 'Items already in the requested state.' }),
    notFound: Type.Array(Uuid, { description: 'Ids that are not feedback of this project.' }),
    items: Type.Array(TriageState),
  },
  { title: 'BulkUpdateResponse' },
);
export type BulkUpdateResponse = Static<typeof BulkUpdateResponse>;
