import Type, { type Static } from 'typebox';
import {
  FEATURE_PATTERN,
  EMAIL_PATTERN,
  MAX_COMMENT_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_EVENTS_PER_BATCH,
  MAX_EXPERIMENTS_PER_EVENT,
  MAX_ID_LENGTH,
  MAX_METADATA_KEY_LENGTH,
  MAX_METADATA_KEYS,
  MAX_METADATA_VALUE_LENGTH,
  MAX_URL_LENGTH,
  URL_PATTERN,
} from './limits.js';

/** The events browsers send (feedback, exposure, prompt shown or dismissed), and the batch that carries them to `POST /v1/events`. */

/** Names of features, experiments and variants share one alphabet: safe in URLs, logs and CSV. */
export const Name = Type.String({ pattern: FEATURE_PATTERN, description: '1–100 chars of [A-Za-z0-9._:/-]' });

const Id = (description: string) => Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description });

export const Experiments = Type.Record(Name, Name, {
  maxProperties: MAX_EXPERIMENTS_PER_EVENT,
  additionalProperties: false,
  description: 'The variants this user is in when the event happens: {"<experiment>": "<variant>"}.',
});
export type Experiments = Static<typeof Experiments>;

export const EventContext = Type.Object(
  {
    appVersion: Type.Optional(Type.String({ maxLength: 64 })),
    locale: Type.Optional(Type.String({ maxLength: 35 })),
  },
  { description: 'Where the event happened.' },
);
export type EventContext = Static<typeof EventContext>;

/** Fields every event carries. */
const common = {
  id: Type.String({ format: 'uuid', description: 'Made by the client; the idempotency key.' }),
  timestamp: Type.String({ format: 'date-time', description: 'ISO 8601, client clock.' }),
  anonymousId: Id("The SDK's persistent id for this browser."),
  userId: Type.Optional(Id('The host application user id, if signed in.')),
  sessionId: Type.Optional(Id('The SDK session id.')),
  url: Type.Optional(
    Type.String({
      maxLength: MAX_URL_LENGTH,
      pattern: URL_PATTERN,
      description:
        'The page, an absolute http: or https: URL (otherwise the event is rejected with invalid_url). Secrets in it (a password, parameters named like token, key, session, code) are redacted before it is stored.',
    }),
  ),
  experiments: Type.Optional(Experiments),
  context: Type.Optional(EventContext),
};

export const Rating = Type.Object(
  {
    scale: Type.Union([Type.Literal('thumbs'), Type.Literal('stars'), Type.Literal('emoji'), Type.Literal('nps')]),
    value: Type.Integer({
      minimum: 0,
      maximum: 10,
      description: 'thumbs 0–1 (1 = up), stars and emoji 1–5, nps 0–10',
    }),
  },
  { description: 'A rating on one of the supported scales.' },
);
export type Rating = Static<typeof Rating>;

export const Metadata = Type.Record(
  Type.String({ minLength: 1, maxLength: MAX_METADATA_KEY_LENGTH }),
  Type.Union([Type.String({ maxLength: MAX_METADATA_VALUE_LENGTH }), Type.Number(), Type.Boolean()]),
  { maxProperties: MAX_METADATA_KEYS, additionalProperties: false, description: 'Flat object of at most 20 keys.' },
);
export type Metadata = Static<typeof Metadata>;

export const FeedbackEvent = Type.Object(
  {
    type: Type.Literal('feedback'),
    ...common,
    feature: Name,
    rating: Type.Optional(Rating),
    comment: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH })),
    category: Type.Optional(
      Type.Union([
        Type.Literal('bug'),
        Type.Literal('idea'),
        Type.Literal('praise'),
        Type.Literal('question'),
        Type.Literal('other'),
      ]),
    ),
    email: Type.Optional(
      Type.String({
        maxLength: MAX_EMAIL_LENGTH,
        pattern: EMAIL_PATTERN,
        description: 'Only what the user typed; an email address (otherwise the event is rejected with invalid_email).',
      }),
    ),
    metadata: Type.Optional(Metadata),
    promptId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'The prompt this feedback answers (docs/prompts.md); absent for feedback the user chose to give (self-selected).',
      }),
    ),
  },
  { title: 'FeedbackEvent', description: 'What a user said about a feature: a rating, a comment, or both.' },
);
export type FeedbackEvent = Static<typeof FeedbackEvent>;

export const ExposureEvent = Type.Object(
  {
    type: Type.Literal('exposure'),
    ...common,
    experiment: Name,
    variant: Name,
  },
  { title: 'ExposureEvent', description: 'This user saw this variant of this experiment.' },
);
export type ExposureEvent = Static<typeof ExposureEvent>;

const promptEventFields = {
  ...common,
  promptId: Type.String({ format: 'uuid', description: 'The prompt (its id in the prompt document).' }),
  feature: Name,
};

export const PromptShownEvent = Type.Object(
  { type: Type.Literal('prompt_shown'), ...promptEventFields },
  {
    title: 'PromptShownEvent',
    description:
      'The widget showed this prompt to this user; `experiments` are the variants the user is in, so results can be read per variant.',
  },
);
export type PromptShownEvent = Static<typeof PromptShownEvent>;

export const PromptDismissedEvent = Type.Object(
  { type: Type.Literal('prompt_dismissed'), ...promptEventFields },
  { title: 'PromptDismissedEvent', description: 'The user closed this prompt without answering (an answer for the frequency caps).' },
);
export type PromptDismissedEvent = Static<typeof PromptDismissedEvent>;

export const Event = Type.Union([FeedbackEvent, ExposureEvent, PromptShownEvent, PromptDismissedEvent]);
export type Event = Static<typeof Event>;

// ---------------------------------------------------------------------------------------------
// POST /v1/events

/**
 * The envelope is validated as a whole; each event inside it is validated on its own so that
 * the valid events of a batch are stored even when others are rejected.
 */
export const IngestRequest = Type.Object(
  {
    events: Type.Array(Event, { minItems: 1, maxItems: MAX_EVENTS_PER_BATCH }),
  },
  { title: 'IngestRequest' },
);
export type IngestRequest = Static<typeof IngestRequest>;

export const EventRejection = Type.Object({
  index: Type.Integer({ minimum: 0, description: 'Position of the event in the batch.' }),
  code: Type.String({ description: 'Machine-readable reason (see EVENT_ERROR_CODES).' }),
  message: Type.String(),
});
export type EventRejection = Static<typeof EventRejection>;

export const IngestResponse = Type.Object(
  {
    accepted: Type.Integer({ minimum: 0, description: 'New events stored (committed before this answer).' }),
    duplicates: Type.Integer({ minimum: 0, description: 'Events whose id was already stored.' }),
    rejected: Type.Array(EventRejection),
  },
  { title: 'IngestResponse' },
);
export type IngestResponse = Static<typeof IngestResponse>;
