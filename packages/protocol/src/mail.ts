import Type, { type Static } from 'typebox';
import { MAX_URL_LENGTH } from './limits.js';
import { DateTime, Nullable, Uuid } from './primitives.js';
import { FEEDBACK_STATUSES, MAIL_KINDS, MAIL_LOCALES, MAIL_STATUSES } from './vocabulary.js';

/** Mail: the project's settings, a test mail, the delivery log, the unsubscribe list. */

export const MailSettings = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether this service sends mail at all (FEEDLOOP_SMTP_URL and FEEDLOOP_MAIL_FROM).' }),
    reason: Nullable(Type.String({ description: 'Why mail is off; null when on.' })),
    from: Nullable(Type.String({ description: 'The sender address, when on.' })),
    coalesceSeconds: Type.Integer({ description: 'Changes to one item within this long make one mail; at most one mail per item per hour.' }),
    notifyStatuses: Type.Array(Type.Enum([...FEEDBACK_STATUSES]), { description: 'Reaching one of these statuses is told to the submitter.' }),
    replyLink: Nullable(Type.String({ description: 'The link every mail to a submitter carries.' })),
  },
  { title: 'MailSettings' },
);
export type MailSettings = Static<typeof MailSettings>;

export const UpdateMailSettingsRequest = Type.Object(
  {
    notifyStatuses: Type.Optional(Type.Array(Type.Enum([...FEEDBACK_STATUSES]), { uniqueItems: true, maxItems: FEEDBACK_STATUSES.length })),
    replyLink: Type.Optional(Nullable(Type.String({ maxLength: MAX_URL_LENGTH, description: 'An absolute http(s) URL, or null for none.' }))),
  },
  { title: 'UpdateMailSettingsRequest', additionalProperties: false },
);
export type UpdateMailSettingsRequest = Static<typeof UpdateMailSettingsRequest>;

export const TestMailRequest = Type.Object(
  {
    to: Type.Optional(Type.String({ minLength: 3, maxLength: 254, description: "Default: the signed-in person's own address." })),
    locale: Type.Optional(Type.Enum([...MAIL_LOCALES], { description: 'Default: en.' })),
  },
  { title: 'TestMailRequest', additionalProperties: false },
);
export type TestMailRequest = Static<typeof TestMailRequest>;

export const MailAttempt = Type.Object({
  at: DateTime,
  smtpCode: Nullable(Type.Integer({ description: "The SMTP server's reply code; null when none came." })),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
});

export const MailDelivery = Type.Object(
  {
    id: Uuid,
    kind: Type.Enum([...MAIL_KINDS]),
    recipient: Type.String(),
    locale: Type.String(),
    feedbackId: Nullable(Uuid),
    status: Type.Enum([...MAIL_STATUSES]),
    attempts: Type.Integer(),
    createdAt: DateTime,
    notBefore: Nullable(DateTime),
    sentAt: Nullable(DateTime),
    lastError: Nullable(Type.String()),
    attemptLog: Type.Array(MailAttempt, { description: 'Oldest first.' }),
  },
  { title: 'MailDelivery' },
);
export type MailDelivery = Static<typeof MailDelivery>;

export const MailDeliveriesQuery = Type.Object({
  status: Type.Optional(Type.Enum([...MAIL_STATUSES])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const MailDeliveriesResponse = Type.Object({ mails: Type.Array(MailDelivery, { description: 'Newest first.' }) }, { title: 'MailDeliveriesResponse' });
export type MailDeliveriesResponse = Static<typeof MailDeliveriesResponse>;

export const MailUnsubscribe = Type.Object(
  {
    id: Type.String({ description: 'The first characters of the address hash (the address itself is not kept).' }),
    hint: Type.String({ description: 'e.g. "j…@e….com".' }),
    source: Type.Union([Type.Literal('one-click'), Type.Literal('page')]),
    createdAt: DateTime,
  },
  { title: 'MailUnsubscribe' },
);
export const MailUnsubscribesResponse = Type.Object(
  { unsubscribes: Type.Array(MailUnsubscribe, { description: 'Newest first.' }) },
  { title: 'MailUnsubscribesResponse' },
);
export type MailUnsubscribesResponse = Static<typeof MailUnsubscribesResponse>;

export const UnsubscribeQuery = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{40,200}$', description: 'From the mail’s unsubscribe link.' }) });
