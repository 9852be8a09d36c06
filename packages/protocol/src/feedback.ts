import Type, { type Static } from 'typebox';
import { MAX_EMAIL_LENGTH, MAX_ID_LENGTH, MAX_SEARCH_LENGTH } from './limits.js';
import { Instant, Nullable } from './primitives.js';

/** Feedback items: the list and export (`GET /v1/feedback`), and an item with its triage state. */

export const FeedbackListQuery = Type.Object({
  from: Type.Optional(Instant('ISO 8601 date or date-time, inclusive (exact, not widened).')),
  to: Type.Optional(Instant('ISO 8601 date or date-time, exclusive.')),
  feature: Type.Optional(Type.String()),
  experiment: Type.Optional(Type.String({ description: 'Feedback from users in this experiment.' })),
  variant: Type.Optional(Type.String({ description: 'Feedback from users in this variant (needs experiment).' })),
  category: Type.Optional(Type.String()),
  scale: Type.Optional(Type.Union([Type.Literal('thumbs'), Type.Literal('stars'), Type.Literal('emoji'), Type.Literal('nps')])),
  rating: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'Rating value (with scale).' })),
  status: Type.Optional(Type.String({ description: "Triage status ('new' until triaged)." })),
  // Repeatable, not comma-separated: a tag may itself contain a comma. Same bounds as a triage Tag (triage.ts).
  tag: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
      maxItems: 20,
      description: 'Feedback carrying this tag (any case); repeat (?tag=a&tag=b) for feedback carrying every one of them.',
    }),
  ),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SEARCH_LENGTH, description: 'Text in the comment (case-insensitive).' })),
  hasComment: Type.Optional(Type.Boolean()),
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: 'Feedback carrying this userId.' })),
  anonymousId: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: 'Feedback from this anonymous id.' })),
  email: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_EMAIL_LENGTH,
      description: 'Feedback with this email (case-insensitive). Needs the emails permission (members and up): 403 for viewers.',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'Page size (JSON: default 50, at most 1000); exports: every matching row unless set.' })),
  cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page.' })),
  format: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('ndjson')], {
      default: 'json',
      description: 'json: one page; csv / ndjson: a streamed export of every matching row.',
    }),
  ),
});
export type FeedbackListQuery = Static<typeof FeedbackListQuery>;

export const FeedbackItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  occurredAt: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  feature: Type.String(),
  rating: Type.Union([Type.Object({ scale: Type.String(), value: Type.Integer() }), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  anonymousId: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  sessionId: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  experiments: Type.Record(Type.String(), Type.String()),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  locale: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  metadata: Type.Union([Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])), Type.Null()]),
  // Triage (PATCH /v1/feedback/:id), named as in TriageState.
  publicReply: Type.Union([Type.String(), Type.Null()], { description: 'Reply shown to the submitter.' }),
  issueUrl: Type.Union([Type.String(), Type.Null()], { description: 'Link to the issue in the team tracker.' }),
  tags: Type.Array(Type.String()),
  triagedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Last triage change of any field; null if never triaged.' }),
  statusChangedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Last change of status.' }),
});
export type FeedbackItem = Static<typeof FeedbackItem>;

export const FeedbackListResponse = Type.Object(
  {
    feedback: Type.Array(FeedbackItem, { description: 'Newest first.' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as ?cursor= for the next page; null at the end.' }),
  },
  { title: 'FeedbackListResponse' },
);
export type FeedbackListResponse = Static<typeof FeedbackListResponse>;

/** The feedback in webhook payloads and on the live stream: the list item plus its triage state. */
export const LoopFeedback = Type.Object(
  {
    ...FeedbackItem.properties,
    publicReply: Nullable(Type.String()),
    issueUrl: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
  },
  { title: 'LoopFeedback' },
);
export type LoopFeedback = Static<typeof LoopFeedback>;
