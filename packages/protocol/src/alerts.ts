import Type, { type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from './primitives.js';
import { MetricComparison } from './statistics.js';
import { ALERT_KINDS, DIGEST_FREQUENCIES, MAIL_LOCALES } from './vocabulary.js';

/**
 * Alerts (rules per project, the alerts they fired, a preview over the last 30 days), members'
 * subscriptions to a rule's mail, and each member's digest settings. Ranges of the thresholds are
 * checked by the service (400 threshold_out_of_range names the field), not by these schemas.
 */

export const AlertKindSchema = Type.Enum([...ALERT_KINDS]);

export const AlertParams = Type.Object(
  {
    feature: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'rating_drop, negative_spike: one feature; null or absent: every feature.' })),
    ),
    baseline: Type.Optional(
      Type.Union([Type.Literal('previous'), Type.Literal('release')], {
        description: 'rating_drop: against the previous period of the same length (default), or before the latest release of the feature.',
      }),
    ),
    days: Type.Optional(Type.Integer({ description: 'rating_drop: the period (or each side of the release), 1–90 days; default 7.' })),
    minCount: Type.Optional(
      Type.Integer({ description: 'rating_drop: ratings per side (default 30, as the report); negative_spike: negative items in the day (default 5). 1–100000.' }),
    ),
    factor: Type.Optional(Type.Number({ description: "negative_spike: the day's negative feedback ≥ factor × the trailing daily rate; 1.5–100, default 3." })),
    trailingDays: Type.Optional(Type.Integer({ description: 'negative_spike: days of the trailing rate, 3–90; default 14.' })),
    experiment: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'srm: one experiment; null or absent: every running one.' }))),
    keywords: Type.Optional(
      Type.Array(Type.String({ maxLength: 100 }), { description: 'keyword: 1–20 words or phrases (1–50 characters), matched case-insensitively as whole words.' }),
    ),
  },
  { title: 'AlertParams', additionalProperties: false },
);
export type AlertParams = Static<typeof AlertParams>;

export const CreateAlertRuleRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: AlertKindSchema,
    params: Type.Optional(AlertParams),
    email: Type.Optional(Type.Boolean({ description: 'Mail the members who subscribed (default true).' })),
    webhookId: Type.Optional(Nullable(Uuid)),
    paused: Type.Optional(Type.Boolean()),
  },
  { title: 'CreateAlertRuleRequest', additionalProperties: false },
);
export type CreateAlertRuleRequest = Static<typeof CreateAlertRuleRequest>;

export const UpdateAlertRuleRequest = Type.Object(
  {
    name: Type.Optional(CreateAlertRuleRequest.properties.name),
    params: Type.Optional(AlertParams),
    email: Type.Optional(Type.Boolean()),
    webhookId: Type.Optional(Nullable(Uuid)),
    paused: Type.Optional(Type.Boolean({ description: 'Pause (true) or resume (false). A paused rule closes its open episodes.' })),
  },
  { title: 'UpdateAlertRuleRequest', additionalProperties: false },
);
export type UpdateAlertRuleRequest = Static<typeof UpdateAlertRuleRequest>;

export const AlertRule = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    kind: AlertKindSchema,
    params: AlertParams,
    email: Type.Boolean(),
    webhookId: Nullable(Uuid),
    paused: Type.Boolean(),
    subscribers: Type.Integer({ description: 'Members subscribed to its mail.' }),
    subscribed: Type.Boolean({ description: 'Whether the caller is (false for tokens).' }),
    openEpisodes: Type.Array(Type.String(), { description: 'Subjects (features, experiments) whose condition holds now: no new alert until it clears.' }),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { title: 'AlertRule' },
);
export type AlertRule = Static<typeof AlertRule>;

export const AlertRulesResponse = Type.Object({ rules: Type.Array(AlertRule) }, { title: 'AlertRulesResponse' });
export type AlertRulesResponse = Static<typeof AlertRulesResponse>;

export const AlertRuleParams = Type.Object({ ruleId: Uuid });

/** What an alert carries: numbers, the interval, the p-value. */
export const AlertEvidence = Type.Object(
  {
    summary: Type.String({ description: 'One sentence (plain text: escape it where it is shown).' }),
    from: Type.String({ description: 'The interval looked at (UTC days, or an instant), inclusive.' }),
    to: Type.String({ description: 'Exclusive.' }),
    pValue: Nullable(Type.Number()),
    numbers: Type.Record(Type.String(), Nullable(Type.Number()), { description: 'e.g. count, baseline rate, factor, chi-square.' }),
    comparisons: Type.Optional(Type.Array(MetricComparison, { description: 'rating_drop: the significant worsenings.' })),
    keywords: Type.Optional(Type.Array(Type.String(), { description: 'keyword: the keywords matched.' })),
    quote: Type.Optional(Nullable(Type.String({ description: 'keyword: the comment (the submitter’s words: hostile text).' }))),
    feedbackId: Type.Optional(Nullable(Uuid)),
  },
  { title: 'AlertEvidence' },
);
export type AlertEvidence = Static<typeof AlertEvidence>;

export const AlertEvent = Type.Object(
  {
    id: Uuid,
    ruleId: Uuid,
    ruleName: Type.String(),
    kind: AlertKindSchema,
    subject: Type.String({ description: 'The feature, experiment or feedback item it is about.' }),
    firedAt: DateTime,
    evidence: AlertEvidence,
    link: Nullable(Type.String({ description: 'The dashboard page (FEEDLOOP_PUBLIC_URL); null without it.' })),
  },
  { title: 'AlertEvent' },
);
export type AlertEvent = Static<typeof AlertEvent>;

export const AlertEventsQuery = Type.Object({
  ruleId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const AlertEventsResponse = Type.Object({ events: Type.Array(AlertEvent, { description: 'Newest first.' }) }, { title: 'AlertEventsResponse' });
export type AlertEventsResponse = Static<typeof AlertEventsResponse>;

/** Body of an alert.fired webhook delivery (json format). */
export const AlertWebhookEvent = Type.Object(
  { id: Uuid, type: Type.Literal('alert.fired'), createdAt: DateTime, projectId: Uuid, data: Type.Object({ alert: AlertEvent }) },
  { title: 'AlertWebhookEvent' },
);
export type AlertWebhookEvent = Static<typeof AlertWebhookEvent>;

export const AlertPreviewRequest = Type.Object(
  { kind: AlertKindSchema, params: Type.Optional(AlertParams) },
  { title: 'AlertPreviewRequest', additionalProperties: false },
);
export type AlertPreviewRequest = Static<typeof AlertPreviewRequest>;

export const AlertPreviewResponse = Type.Object(
  {
    from: Type.String({ description: 'First UTC day looked at.' }),
    to: Type.String({ description: 'Exclusive (tomorrow: today counts as far as it has come).' }),
    days: Type.Array(Type.String(), { description: 'The days on which the rule would have fired (an episode began), oldest first.' }),
    alerts: Type.Array(
      Type.Object({ day: Type.String(), subject: Type.String(), evidence: AlertEvidence }),
      { description: 'Each alert it would have sent, oldest first (at most 200).' },
    ),
  },
  { title: 'AlertPreviewResponse' },
);
export type AlertPreviewResponse = Static<typeof AlertPreviewResponse>;

export const SubscriptionResponse = Type.Object({ ruleId: Uuid, subscribed: Type.Boolean() }, { title: 'SubscriptionResponse' });
export type SubscriptionResponse = Static<typeof SubscriptionResponse>;

export const DigestSettings = Type.Object(
  {
    frequency: Type.Enum([...DIGEST_FREQUENCIES]),
    hour: Type.Integer({ minimum: 0, maximum: 23, description: 'Local hour the digest is sent at.' }),
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'Weekly digests: ISO weekday (1 = Monday).' }),
    timeZone: Type.String({ maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin.' }),
    locale: Type.Enum([...MAIL_LOCALES]),
    lastPeriod: Nullable(Type.String({ description: 'The local date of the last digest sent.' })),
    mailEnabled: Type.Boolean({ description: 'Whether this service sends mail at all.' }),
  },
  { title: 'DigestSettings' },
);
export type DigestSettings = Static<typeof DigestSettings>;

export const UpdateDigestSettingsRequest = Type.Object(
  {
    frequency: Type.Optional(DigestSettings.properties.frequency),
    hour: Type.Optional(Type.Integer()),
    weekday: Type.Optional(Type.Integer()),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
    locale: Type.Optional(DigestSettings.properties.locale),
  },
  { title: 'UpdateDigestSettingsRequest', additionalProperties: false },
);
export type UpdateDigestSettingsRequest = Static<typeof UpdateDigestSettingsRequest>;
