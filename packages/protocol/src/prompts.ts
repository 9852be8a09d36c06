import Type, { type Static } from 'typebox';
import { Name } from './events.js';
import { TreatmentComparison } from './experiments.js';
import {
  LOCALE_TAG_PATTERN,
  MAX_LOCALE_TAG_LENGTH,
  MAX_PROMPT_CAP_DAYS,
  MAX_PROMPT_DELAY_SECONDS,
  MAX_PROMPT_LOCALES,
  MAX_PROMPT_NAME_LENGTH,
  MAX_PROMPT_QUESTION_LENGTH,
  MAX_ROUTE_PATTERN_LENGTH,
} from './limits.js';
import { DateTime, Day, Instant, Uuid } from './primitives.js';
import { ProportionStatistics, ScaleStatistics } from './statistics.js';

/**
 * Prompts: questions the widget asks a sample of users at the right moment (docs/prompts.md).
 * Admins define them (`/v1/prompts`); browsers read the active ones as one small cacheable
 * document (`GET /v1/prompt-document`); `GET /v1/prompts/{promptId}/results` reads what came of
 * one. The rules a schema cannot state, and the ones the widget applies (sampling hash, route
 * patterns, locales), are in prompt-rules.ts, typebox-free.
 *
 * Wording is stored exactly as given (hostile text included) and is plain text everywhere: the
 * widget and the dashboard show it as text, never as HTML.
 */

export const LocaleTag = Type.String({
  pattern: LOCALE_TAG_PATTERN,
  maxLength: MAX_LOCALE_TAG_LENGTH,
  description: 'A BCP 47 language tag: "en", "pt-BR", "zh-Hant-TW".',
});

export const PromptScaleSchema = Type.Union([Type.Literal('thumbs'), Type.Literal('stars'), Type.Literal('emoji'), Type.Literal('nps')], {
  description: 'The rating scale the prompt asks on (thumbs 0–1, stars and emoji 1–5, nps 0–10); the answer is feedback on this scale.',
});

export const PromptStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('paused')], {
  description: 'active: in the browser document; paused: kept with its results, never shown.',
});

export const PromptQuestion = Type.Record(LocaleTag, Type.String({ minLength: 1, maxLength: MAX_PROMPT_QUESTION_LENGTH }), {
  minProperties: 1,
  maxProperties: MAX_PROMPT_LOCALES,
  additionalProperties: false,
  description:
    `The question per locale, {"en": "How was checkout?", "de": "Wie war der Bezahlvorgang?"}: 1–${MAX_PROMPT_QUESTION_LENGTH} ` +
    `characters each, at most ${MAX_PROMPT_LOCALES} locales, one of them the default locale. Plain text, shown as text.`,
});

export const PromptWhen = Type.Object(
  {
    event: Type.Optional({ ...Name, description: 'After the host calls feedloop.track(event) (a name: [A-Za-z0-9._:/-], 1–100).' }),
    path: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_ROUTE_PATTERN_LENGTH,
        description:
          'On pages whose location.pathname matches this route pattern: literal segments, ":param" for one segment, a last "*" ' +
          'for the rest ("/orders/:id", "/docs/*"). Invalid: 400 invalid_route_pattern. See prompt-rules.ts.',
      }),
    ),
    delaySeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_PROMPT_DELAY_SECONDS,
        description: 'After this many seconds on the page (with event or path: that many seconds after it happened).',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'When the prompt is due: every condition given must hold; at least one is required (400 invalid_prompt).',
  },
);
export type PromptWhen = Static<typeof PromptWhen>;

export const PromptWho = Type.Object(
  {
    samplePercent: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description:
        'Share of users in the sample, 0.01–100, at most two decimals. A user is in it when ' +
        'FNV-1a-32(`${promptId}:${anonymousId}`) mod 10000 < round(samplePercent × 100): deterministic per user and prompt, ' +
        'independent of variants.',
    }),
    experiment: Type.Optional({ ...Name, description: 'Only users in this experiment (any variant unless `variant` is given).' }),
    variant: Type.Optional({ ...Name, description: 'Only users in this variant of `experiment` (requires it: 400 invalid_prompt).' }),
    identifiedOnly: Type.Optional(Type.Boolean({ description: 'Only users the host identified (a userId).' })),
    locales: Type.Optional(
      Type.Array(LocaleTag, {
        minItems: 1,
        maxItems: MAX_PROMPT_LOCALES,
        description: 'Only users whose locale is one of these ("de" takes "de-AT"; see prompt-rules.ts localeMatches).',
      }),
    ),
  },
  { additionalProperties: false, description: 'Who may be asked: every condition given must hold.' },
);
export type PromptWho = Static<typeof PromptWho>;

export const PromptFrequency = Type.Object(
  {
    daysBetweenPrompts: Type.Integer({
      minimum: 0,
      maximum: MAX_PROMPT_CAP_DAYS,
      description: 'At most one prompt (of any prompt of the project) per user per this many days; 0: no cap across prompts.',
    }),
    daysAfterFeedback: Type.Integer({
      minimum: 0,
      maximum: MAX_PROMPT_CAP_DAYS,
      description: "Not within this many days of the user's last feedback (prompted or not); 0: no such cap.",
    }),
  },
  {
    additionalProperties: false,
    description: 'Caps. A user is asked a prompt at most once, always; a dismissal counts as an answer for every cap.',
  },
);
export type PromptFrequency = Static<typeof PromptFrequency>;

const definition = {
  name: Type.String({ minLength: 1, maxLength: MAX_PROMPT_NAME_LENGTH, description: 'For the team (never shown to users).' }),
  feature: { ...Name, description: 'The feature the answers are feedback on.' },
  scale: PromptScaleSchema,
  comment: Type.Boolean({ description: 'Whether the prompt offers an optional comment box.' }),
  question: PromptQuestion,
  defaultLocale: { ...LocaleTag, description: 'The wording shown when no other locale fits; must be a key of question. Default "en".' },
  when: PromptWhen,
  who: PromptWho,
  frequency: PromptFrequency,
  status: PromptStatusSchema,
};

export const CreatePromptRequest = Type.Object(
  {
    name: definition.name,
    feature: definition.feature,
    scale: definition.scale,
    comment: Type.Optional({ ...definition.comment, description: 'Offer an optional comment box (default false).' }),
    question: definition.question,
    defaultLocale: Type.Optional(definition.defaultLocale),
    when: definition.when,
    who: definition.who,
    frequency: Type.Optional({ ...definition.frequency, description: 'Default: no caps beyond once per user per prompt.' }),
    status: Type.Optional({ ...definition.status, description: 'Default active.' }),
  },
  {
    title: 'CreatePromptRequest',
    additionalProperties: false,
    description: 'A prompt. Out of range: 400 invalid_body; rules beyond the schema: 400 invalid_prompt or invalid_route_pattern.',
  },
);
export type CreatePromptRequest = Static<typeof CreatePromptRequest>;

export const UpdatePromptRequest = Type.Object(
  {
    name: Type.Optional(definition.name),
    feature: Type.Optional(definition.feature),
    scale: Type.Optional(definition.scale),
    comment: Type.Optional(definition.comment),
    question: Type.Optional(definition.question),
    defaultLocale: Type.Optional(definition.defaultLocale),
    when: Type.Optional(definition.when),
    who: Type.Optional(definition.who),
    frequency: Type.Optional(definition.frequency),
    status: Type.Optional(definition.status),
  },
  {
    title: 'UpdatePromptRequest',
    additionalProperties: false,
    minProperties: 1,
    description: 'The fields to change; an object field (question, when, who, frequency) is replaced whole. {"status": "paused"} pauses.',
  },
);
export type UpdatePromptRequest = Static<typeof UpdatePromptRequest>;

export const Prompt = Type.Object(
  {
    id: Uuid,
    ...definition,
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { title: 'Prompt' },
);
export type Prompt = Static<typeof Prompt>;

export const PromptsResponse = Type.Object({ prompts: Type.Array(Prompt, { description: 'Newest first.' }) }, { title: 'PromptsResponse' });
export type PromptsResponse = Static<typeof PromptsResponse>;

export const PromptParams = Type.Object({ promptId: Uuid });
export type PromptParams = Static<typeof PromptParams>;

// ---------------------------------------------------------------------------------------------
// GET /v1/prompt-document (public key)

export const BrowserPrompt = Type.Object(
  {
    id: Uuid,
    feature: definition.feature,
    scale: definition.scale,
    comment: definition.comment,
    question: definition.question,
    defaultLocale: definition.defaultLocale,
    when: definition.when,
    who: definition.who,
    frequency: definition.frequency,
  },
  {
    title: 'BrowserPrompt',
    description:
      'An active prompt as the widget reads it. A widget shows a prompt only if it understands every field of it ' +
      '(an unknown scale, a field it does not know, an invalid route pattern: not shown, reported to the console once).',
  },
);
export type BrowserPrompt = Static<typeof BrowserPrompt>;

export const PromptDocument = Type.Object(
  {
    version: Type.String({ description: "The document's content digest (its ETag without quotes): changes whenever a prompt does." }),
    prompts: Type.Array(BrowserPrompt, { description: 'The active prompts, oldest first (the order to try them in when several are due).' }),
  },
  {
    title: 'PromptDocument',
    description:
      "The project's active prompts, for browsers: strong ETag (If-None-Match: 304), Cache-Control max-age=300, " +
      'CORS for the allowed origins. Fetch it with ?key= and no custom header: a simple request, no preflight.',
  },
);
export type PromptDocument = Static<typeof PromptDocument>;

// ---------------------------------------------------------------------------------------------
// GET /v1/prompts/{promptId}/results

export const PromptResultsQuery = Type.Object({
  from: Type.Optional(Instant('Only users first shown the prompt at or after this instant (ISO 8601 date or date-time).')),
  to: Type.Optional(Instant('Only users first shown the prompt before this instant (exclusive).')),
  minCount: Type.Optional(
    Type.Integer({ minimum: 0, default: 30, description: 'Fewer observations per arm: the verdict is "not enough data".' }),
  ),
  control: Type.Optional({ ...Name, description: 'Control variant of every experiment (default: "control" if present, else the first by name).' }),
});
export type PromptResultsQuery = Static<typeof PromptResultsQuery>;

export const PromptFigures = Type.Object(
  {
    displays: Type.Integer({ description: 'prompt_shown events of these users.' }),
    displayedUsers: Type.Integer({ description: 'Users shown the prompt (distinct anonymous ids).' }),
    dismissals: Type.Integer({ description: 'prompt_dismissed events of these users.' }),
    dismissedUsers: Type.Integer(),
    responses: Type.Integer({ description: "Feedback events carrying the prompt's id, from these users." }),
    respondents: Type.Integer({ description: 'Users among them who answered (gave feedback carrying the prompt id).' }),
    responseRate: { ...ProportionStatistics, description: 'respondents / displayedUsers, with its Wilson 95 % interval.' },
    ratings: { ...ScaleStatistics, description: "The responses' ratings on the prompt's scale, with the 95 % interval." },
    distribution: Type.Record(Type.String(), Type.Integer(), {
      description: "Responses per rating value of the prompt's scale, every value present: {\"1\": 3, \"2\": 0, …}.",
    }),
  },
  {
    description:
      'Figures of a group of users, each counted with everything they did with the prompt (a cohort by first display): ' +
      'response rate and ratings come from the same users.',
  },
);
export type PromptFigures = Static<typeof PromptFigures>;

export const PromptDayResult = Type.Object({ day: { ...Day, description: 'UTC day of these users’ first display.' }, ...PromptFigures.properties });
export const PromptVariantResult = Type.Object({ variant: Type.String(), ...PromptFigures.properties });

export const PromptExperimentResult = Type.Object(
  {
    experiment: Type.String(),
    control: Type.String(),
    variants: Type.Array(PromptVariantResult, { description: 'By name.' }),
    comparisons: Type.Array(TreatmentComparison, {
      description:
        'Every other variant against the control: the response rate (metric "feedbackRate": respondents / displayed users, ' +
        "two-proportion z) and the prompt's scale (its test), Holm-adjusted across variants, minimum samples, a verdict in words.",
    }),
  },
  { description: 'One experiment the displayed users were in (their variants when first shown the prompt).' },
);

export const PromptResultsResponse = Type.Object(
  {
    prompt: Type.Object({ id: Uuid, name: Type.String(), feature: Type.String(), scale: PromptScaleSchema, status: PromptStatusSchema }),
    minCount: Type.Integer(),
    overall: PromptFigures,
    days: Type.Array(PromptDayResult, { description: 'Per UTC day of first display, oldest first (days with displays only).' }),
    experiments: Type.Array(PromptExperimentResult, { description: 'By experiment name.' }),
    responsesWithoutDisplay: Type.Integer({
      description: 'Responses from users with no recorded display in the range (not in the figures above).',
    }),
  },
  {
    title: 'PromptResultsResponse',
    description: 'Computed from the raw events at query time (docs/prompts.md): no lag, no freshAfter needed.',
  },
);
export type PromptResultsResponse = Static<typeof PromptResultsResponse>;
