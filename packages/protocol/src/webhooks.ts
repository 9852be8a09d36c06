import Type, { type Static } from 'typebox';
import { LoopFeedback } from './feedback.js';
import { MAX_URL_LENGTH } from './limits.js';
import { DateTime, Nullable, Uuid } from './primitives.js';
import { FieldChange } from './triage.js';
import { DELIVERY_STATUSES, WEBHOOK_DELIVERY_EVENTS, WEBHOOK_EVENTS } from './vocabulary.js';

/** Webhooks: their settings, their deliveries, and the signed event each delivery posts. */

export const WebhookEventTypeSchema = Type.Enum([...WEBHOOK_EVENTS]);

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
    event: Type.Enum([...WEBHOOK_DELIVERY_EVENTS]),
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
