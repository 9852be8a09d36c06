import Type, { type Static } from 'typebox';
import { FEEDBACK_STATUSES, MAX_ID_LENGTH, MAX_URL_LENGTH, type FeedbackStatus } from './limits.js';
import { FeedbackItem } from './feedback-list.js';
import { MetricComparison } from './statistics.js';
import { Instant } from './time.js';

/**
 * Closing the loop (issue 6): triage with an audit trail, webhooks, what the submitter hears
 * back, the live stream and the period report.
 */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// ---------------------------------------------------------------------------------------------
// Triage

/** Statuses that close an item (counted as "closed" by the report). */
export const CLOSED_STATUSES: readonly FeedbackStatus[] = ['done', 'declined'];

export const FeedbackStatusSchema = Type.Enum([...FEEDBACK_STATUSES]);

/** Who made a change, as the dashboard or CLI names them (recorded in the audit trail). */
export const ACTOR_HEADER = 'x-feedloop-actor';
export const MAX_PUBLIC_REPLY_LENGTH = 2000;
export const MAX_TAGS = 20;

// No control characters: tags are shown in lists and chips.
export const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const Actor = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

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
    actor: Type.Optional({ ...Actor, description: `Who made the change (or the ${ACTOR_HEADER} header).` }),
  },
  { title: 'UpdateFeedbackRequest', additionalProperties: false },
);
export type UpdateFeedbackRequest = Static<typeof UpdateFeedbackRequest>;

export const MAX_BULK_IDS = 500;
export const BulkUpdateRequest = Type.Object(
  {
    ids: Type.Array(Uuid, { minItems: 1, maxItems: MAX_BULK_IDS }),
    changes: TriageChanges,
    actor: Type.Optional(Actor),
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
    actor: Nullable(Type.String()),
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

// ---------------------------------------------------------------------------------------------
// Webhooks

export const WEBHOOK_EVENTS = ['feedback.created', 'feedback.updated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export const WebhookEventTypeSchema = Type.Enum([...WEBHOOK_EVENTS]);
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Headers of every delivery. The signature is `v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
export const WEBHOOK_HEADERS = {
  signature: 'feedloop-signature',
  timestamp: 'feedloop-timestamp',
  event: 'feedloop-event',
  delivery: 'feedloop-delivery',
} as const;

export const CreateWebhookRequest = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: MAX_URL_LENGTH, description: 'http(s) URL that receives POSTs.' }),
    events: Type.Optional(Type.Array(WebhookEventTypeSchema, { minItems: 1, uniqueItems: true, description: 'Default: all.' })),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('slack')], {
        description: 'json: the signed event; slack: {"text": …} for a Slack (or compatible) incoming webhook.',
      }),
    ),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    active: Type.Optional(Type.Boolean()),
  },
  { title: 'CreateWebhookRequest', additionalProperties: false },
);
export type CreateWebhookRequest = Static<typeof CreateWebhookRequest>;

export const UpdateWebhookRequest = Type.Object(
  {
    url: Type.Optional(CreateWebhookRequest.properties.url),
    events: Type.Optional(CreateWebhookRequest.properties.events),
    format: Type.Optional(CreateWebhookRequest.properties.format),
    description: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    active: Type.Optional(Type.Boolean()),
    rotateSecret: Type.Optional(Type.Boolean({ description: 'Make a new signing secret (returned once).' })),
  },
  { title: 'UpdateWebhookRequest', additionalProperties: false },
);
export type UpdateWebhookRequest = Static<typeof UpdateWebhookRequest>;

export const Webhook = Type.Object(
  {
    id: Uuid,
    url: Type.String(),
    events: Type.Array(WebhookEventTypeSchema),
    format: Type.Union([Type.Literal('json'), Type.Literal('slack')]),
    description: Nullable(Type.String()),
    active: Type.Boolean(),
    secretHint: Type.String({ description: 'First characters of the signing secret.' }),
    secret: Type.Optional(Type.String({ description: 'The signing secret: only when created or rotated.' })),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { title: 'Webhook' },
);
export type Webhook = Static<typeof Webhook>;

export const WebhooksResponse = Type.Object({ webhooks: Type.Array(Webhook) }, { title: 'WebhooksResponse' });
export type WebhooksResponse = Static<typeof WebhooksResponse>;

export const WebhookParams = Type.Object({ webhookId: Uuid });
export const DeliveryParams = Type.Object({ webhookId: Uuid, deliveryId: Uuid });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DeliveryAttempt = Type.Object({
  at: DateTime,
  statusCode: Nullable(Type.Integer({ description: 'HTTP status of the answer; null when none came.' })),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
});

export const WebhookDelivery = Type.Object(
  {
    id: Uuid,
    webhookId: Uuid,
    event: WebhookEventTypeSchema,
    eventId: Uuid,
    status: Type.Enum([...DELIVERY_STATUSES]),
    attempts: Type.Integer(),
    createdAt: DateTime,
    nextAttemptAt: Nullable(DateTime),
    deliveredAt: Nullable(DateTime),
    responseStatus: Nullable(Type.Integer()),
    lastError: Nullable(Type.String()),
    attemptLog: Type.Array(DeliveryAttempt, { description: 'Oldest first.' }),
  },
  { title: 'WebhookDelivery' },
);
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(Type.Enum([...DELIVERY_STATUSES])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const DeliveriesResponse = Type.Object({ deliveries: Type.Array(WebhookDelivery, { description: 'Newest first.' }) }, { title: 'DeliveriesResponse' });
export type DeliveriesResponse = Static<typeof DeliveriesResponse>;

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

/** Body of a `json` delivery. Feedback text is the submitter's, unescaped: escape it where it is shown. */
export const WebhookEvent = Type.Object(
  {
    id: Uuid,
    type: WebhookEventTypeSchema,
    createdAt: DateTime,
    projectId: Uuid,
    data: Type.Object({
      feedback: LoopFeedback,
      changes: Type.Optional(Type.Record(Type.String(), FieldChange)),
      actor: Type.Optional(Nullable(Type.String())),
    }),
  },
  { title: 'WebhookEvent' },
);
export type WebhookEvent = Static<typeof WebhookEvent>;

// ---------------------------------------------------------------------------------------------
// The submitter hears back (public key)

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

export const MAX_EXCERPT_LENGTH = 140;
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

// ---------------------------------------------------------------------------------------------
// Live stream (GET /v1/stream, text/event-stream)

/**
 * SSE event names: `feedback.created` and `feedback.updated` carry a LoopFeedback as data;
 * `resync` (no data) means events may have been missed: refetch.
 */
export const STREAM_EVENTS = ['feedback.created', 'feedback.updated', 'resync'] as const;
export type StreamEventName = (typeof STREAM_EVENTS)[number];

// ---------------------------------------------------------------------------------------------
// Period report

export const ReportQuery = Type.Object({
  from: Instant('Start of the period (inclusive; widened to its UTC day).'),
  to: Instant('End of the period (exclusive; widened to the end of its UTC day).'),
  minCount: Type.Optional(Type.Integer({ minimum: 0, default: 30, description: 'Ratings per side below which no verdict is given.' })),
  terms: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 20 })),
});
export type ReportQuery = Static<typeof ReportQuery>;

const Window = Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }), count: Type.Integer() });

export const FeatureChange = Type.Object({
  feature: Type.String(),
  before: Window,
  after: Window,
  direction: Type.Union([Type.Literal('improved'), Type.Literal('worsened'), Type.Literal('mixed')]),
  comparisons: Type.Array(MetricComparison, { description: 'The significant comparisons (after against before).' }),
});
export type FeatureChange = Static<typeof FeatureChange>;

export const ReleaseReport = Type.Object({
  version: Type.String(),
  releasedAt: DateTime,
  notes: Nullable(Type.String()),
  features: Type.Array(
    Type.Object({ feature: Type.String(), before: Window, after: Window, comparisons: Type.Array(MetricComparison) }),
  ),
});
export type ReleaseReport = Static<typeof ReleaseReport>;

export const ExperimentConclusion = Type.Object({
  experiment: Type.String(),
  firstDay: Type.String({ format: 'date' }),
  lastDay: Type.String({ format: 'date' }),
  control: Type.String(),
  sampleRatioMismatch: Type.Boolean(),
  results: Type.Array(
    Type.Object({
      variant: Type.String(),
      metric: MetricComparison.properties.metric,
      verdict: MetricComparison.properties.verdict,
      explanation: Type.String(),
      pValueAdjusted: Nullable(Type.Number()),
    }),
  ),
});
export type ExperimentConclusion = Static<typeof ExperimentConclusion>;

export const ReportResponse = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date', description: 'Exclusive.' }),
    previous: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }, {
      description: 'The period of the same length just before, which features are compared with.',
    }),
    feedback: Type.Integer({ description: 'Feedback received in the period.' }),
    features: Type.Object({ improved: Type.Array(FeatureChange), worsened: Type.Array(FeatureChange), mixed: Type.Array(FeatureChange) }),
    releases: Type.Array(ReleaseReport, { description: 'Releases in the period, before/after per changed feature.' }),
    experiments: Type.Array(ExperimentConclusion, { description: 'Experiments whose last exposure fell in the period.' }),
    terms: Type.Array(Type.Object({ term: Type.String(), comments: Type.Integer() }), { description: 'Most-mentioned terms in comments.' }),
    triage: Type.Object({
      closed: Type.Integer({ description: 'Items set to done or declined in the period.' }),
      done: Type.Integer(),
      declined: Type.Integer(),
      replied: Type.Integer({ description: 'Closed items with a public reply.' }),
      submittersTold: Type.Integer({ description: 'Distinct submitters of closed items whose widget showed them the update.' }),
      submittersWaiting: Type.Integer({ description: 'Distinct submitters of closed items not told yet.' }),
    }),
  },
  { title: 'ReportResponse' },
);
export type ReportResponse = Static<typeof ReportResponse>;
