import Type, { type Static } from 'typebox';
import { FeedbackItem } from './feedback.js';
import { MAX_EMAIL_LENGTH, MAX_ID_LENGTH } from './limits.js';
import { DateTime, Nullable } from './primitives.js';

/**
 * Erasure and access requests of one person (docs/privacy.md). A person is named by any of
 * their identifiers; an event is theirs when it carries any one of the given identifiers.
 */

const UserId = Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: 'The userId the host page gave the SDK.' });
const AnonymousId = Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: 'The anonymous id of a browser.' });
const Email = Type.String({ minLength: 1, maxLength: MAX_EMAIL_LENGTH, description: 'An email the person typed with their feedback (compared case-insensitively).' });

export const PrivacySubject = Type.Object(
  { userId: Type.Optional(UserId), anonymousId: Type.Optional(AnonymousId), email: Type.Optional(Email) },
  {
    title: 'PrivacySubject',
    additionalProperties: false,
    description: 'At least one identifier (400 identifier_required otherwise); events carrying any of them are the person’s.',
  },
);
export type PrivacySubject = Static<typeof PrivacySubject>;

export const ErasureCounts = Type.Object(
  {
    feedback: Type.Integer({ description: 'Feedback events deleted, with their triage state, replies and submitter updates.' }),
    exposures: Type.Integer({ description: 'Exposure events deleted.' }),
    unaggregated: Type.Integer({ description: 'Of those, events the aggregator had not counted yet (deleted without touching the aggregates).' }),
    firstSightings: Type.Integer({ description: 'First-sighting rows deleted (the distinct-user counts where they were counted drop by one each).' }),
    firstSightingsMoved: Type.Integer({ description: 'First-sighting rows moved to a later event that remains (an erased event was the first).' }),
    triageChanges: Type.Integer({ description: 'Entries of the items’ triage history (which hold copies of replies and tags).' }),
    replies: Type.Integer({ description: 'Deleted items that carried a public reply.' }),
    submitterUpdates: Type.Integer({ description: 'Deleted items that had an update for the submitter.' }),
    webhookDeliveries: Type.Integer({ description: 'Webhook deliveries (pending or logged) whose payload carried an erased item, with their attempts.' }),
    promptEvents: Type.Integer({ description: 'Prompt displays and dismissals (prompt_shown, prompt_dismissed) of the person.' }),
    mails: Type.Integer({ description: 'Mails (pending or logged) to the erased address or about an erased item, with their attempts. A pending one is never sent.' }),
    alerts: Type.Integer({ description: 'Keyword alerts that quoted an erased item (their webhook deliveries count above, their mails with the mails).' }),
  },
  { title: 'ErasureCounts' },
);
export type ErasureCounts = Static<typeof ErasureCounts>;

export const ErasureResponse = Type.Object(
  {
    erasureId: Type.String({ format: 'uuid', description: 'The receipt’s id.' }),
    at: Type.String({ format: 'date-time', description: 'The erasure’s moment: events accepted after it are kept.' }),
    counts: ErasureCounts,
  },
  { title: 'ErasureResponse' },
);
export type ErasureResponse = Static<typeof ErasureResponse>;

export const PrivacyExportQuery = Type.Object({ userId: Type.Optional(UserId), anonymousId: Type.Optional(AnonymousId), email: Type.Optional(Email) });
export type PrivacyExportQuery = Static<typeof PrivacyExportQuery>;

const Text = Nullable(Type.String());

export const ExportedExposure = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    occurredAt: DateTime,
    receivedAt: DateTime,
    experiment: Type.String(),
    variant: Type.String(),
    anonymousId: Type.String(),
    userId: Text,
    sessionId: Text,
    url: Text,
    experiments: Type.Record(Type.String(), Type.String()),
    appVersion: Text,
    locale: Text,
  },
  { title: 'ExportedExposure' },
);
export type ExportedExposure = Static<typeof ExportedExposure>;

export const PrivacyExport = Type.Object(
  {
    format: Type.Literal('feedloop.privacy-export.v1'),
    projectId: Type.String({ format: 'uuid' }),
    generatedAt: DateTime,
    subject: PrivacySubject,
    feedback: Type.Array(FeedbackItem, { description: 'Every feedback event of the person, with its triage state, oldest first.' }),
    exposures: Type.Array(ExportedExposure, { description: 'Every exposure event of the person, oldest first.' }),
    firstSightings: Type.Object(
      {
        exposures: Type.Array(Type.Object({ experiment: Type.String(), variant: Type.String(), anonymousId: Type.String(), firstAt: DateTime })),
        feedback: Type.Array(
          Type.Object({
            experiment: Type.String(),
            variant: Type.String(),
            feature: Type.String({ description: "'*' for any feature." }),
            anonymousId: Type.String(),
            firstAt: DateTime,
          }),
        ),
      },
      { description: 'When each of the person’s anonymous ids was first seen in each variant (what distinct-user counts count).' },
    ),
    triageHistory: Type.Array(
      Type.Object({ feedbackId: Type.String({ format: 'uuid' }), at: DateTime, actor: Text, changes: Type.Record(Type.String(), Type.Unknown()) }),
      { description: 'Every triage change of the person’s feedback.' },
    ),
    submitterUpdates: Type.Array(
      Type.Object({
        feedbackId: Type.String({ format: 'uuid' }),
        status: Type.String(),
        publicReply: Text,
        noticeAt: DateTime,
        noticeSeenAt: Nullable(DateTime),
      }),
      { description: 'Updates the widget shows (or showed) the person about their feedback.' },
    ),
    webhookDeliveries: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        webhookId: Type.String({ format: 'uuid' }),
        event: Type.String(),
        status: Type.String(),
        createdAt: DateTime,
        deliveredAt: Nullable(DateTime),
        payload: Type.Unknown({ description: 'The stored payload: a copy of the feedback it was about.' }),
      }),
      { description: 'Webhook deliveries, pending or logged, whose payload carries the person’s feedback.' },
    ),
    promptEvents: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        type: Type.String({ description: 'prompt_shown or prompt_dismissed.' }),
        promptId: Type.String({ format: 'uuid' }),
        feature: Type.String(),
        occurredAt: DateTime,
        receivedAt: DateTime,
        anonymousId: Type.String(),
        userId: Text,
        sessionId: Text,
        url: Text,
        experiments: Type.Record(Type.String(), Type.String()),
      }),
      { description: 'Every prompt shown to the person or dismissed by them, oldest first (docs/prompts.md).' },
    ),
    mails: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        kind: Type.String(),
        recipient: Type.String(),
        feedbackId: Nullable(Type.String({ format: 'uuid' })),
        status: Type.String(),
        createdAt: DateTime,
        sentAt: Nullable(DateTime),
      }),
      { description: 'Mails, pending or logged, to the person’s address or about their feedback (docs/mail.md).' },
    ),
    linkedIdentifiers: Type.Object(
      {
        userIds: Type.Array(Type.String()),
        anonymousIds: Type.Array(Type.String()),
        emails: Type.Array(Type.String()),
      },
      {
        description:
          'Every identifier found on these events. An erasure deletes the events carrying the identifiers it names: name these too to erase, say, what a browser sent before the person signed in.',
      },
    ),
  },
  { title: 'PrivacyExport', description: 'Everything Feedloop stores about one person in one project (an access request).' },
);
export type PrivacyExport = Static<typeof PrivacyExport>;
