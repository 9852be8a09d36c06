import { Compile } from 'typebox/compile';
import {
  checkFeedbackContent,
  EVENT_TYPES,
  ExposureEvent,
  FeedbackEvent,
  PromptDismissedEvent,
  PromptShownEvent,
  type EventErrorCode,
} from '@feedloop/protocol';

const validators = {
  feedback: Compile(FeedbackEvent),
  exposure: Compile(ExposureEvent),
  prompt_shown: Compile(PromptShownEvent),
  prompt_dismissed: Compile(PromptDismissedEvent),
};

export type ValidEvent = FeedbackEvent | ExposureEvent | PromptShownEvent | PromptDismissedEvent;

export interface EventError {
  code: EventErrorCode;
  message: string;
}

export interface TimeWindow {
  /** How far in the past a client timestamp may lie, in milliseconds. */
  maxPastMs: number;
  /** How far in the future (client clock skew), in milliseconds. */
  maxFutureMs: number;
}

/** Which error code a failure at a top-level field gets. */
const FIELD_CODES: Record<string, EventErrorCode> = {
  id: 'invalid_id',
  timestamp: 'invalid_timestamp',
  anonymousId: 'invalid_anonymous_id',
  userId: 'invalid_user_id',
  sessionId: 'invalid_session_id',
  url: 'invalid_url',
  experiments: 'invalid_experiments',
  context: 'invalid_context',
  feature: 'invalid_feature',
  rating: 'invalid_rating',
  comment: 'invalid_comment',
  category: 'invalid_category',
  email: 'invalid_email',
  metadata: 'invalid_metadata',
  experiment: 'invalid_experiment',
  variant: 'invalid_variant',
  promptId: 'invalid_prompt_id',
};

/**
 * Validates one event of a batch against the contract: the schema first, then the rules a schema
 * cannot state (rating range per scale, feedback content, text PostgreSQL can store, time window).
 */
export function validateEvent(
  input: unknown,
  now: number,
  window: TimeWindow,
): { ok: true; event: ValidEvent } | { ok: false; error: EventError } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('invalid_event', 'an event must be a JSON object');
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(validators, type)) {
    return fail('unknown_type', `type must be one of ${EVENT_TYPES.join(', ')}`);
  }
  const validator = validators[type as keyof typeof validators];
  if (!validator.Check(input)) {
    return { ok: false, error: describeSchemaError([...validator.Errors(input)]) };
  }
  const event = input as ValidEvent;

  const nul = findNul(event);
  if (nul) return fail('invalid_text', `${nul} contains a NUL character, which cannot be stored`);

  if (event.type === 'feedback') {
    const violation = checkFeedbackContent(event);
    if (violation) return fail(violation.code, violation.message);
  }

  const at = Date.parse(event.timestamp);
  if (Number.isNaN(at)) return fail('invalid_timestamp', 'timestamp is not a valid date');
  if (at > now + window.maxFutureMs || at < now - window.maxPastMs) {
    return fail(
      'timestamp_out_of_range',
      `timestamp must lie between ${window.maxPastMs / 3_600_000} h before and ${window.maxFutureMs / 3_600_000} h after the server's clock`,
    );
  }
  return { ok: true, event };
}

function fail(code: EventErrorCode, message: string): { ok: false; error: EventError } {
  return { ok: false, error: { code, message } };
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

function describeSchemaError(errors: readonly SchemaError[]): EventError {
  const first = errors[0];
  if (!first) return { code: 'invalid_event', message: 'the event does not match the contract' };
  if (first.keyword === 'required') {
    const missing = (first.params.requiredProperties as string[] | undefined) ?? [];
    const code = missing.length === 1 ? FIELD_CODES[missing[0]!] : undefined;
    return { code: code ?? 'invalid_event', message: `missing required field(s): ${missing.join(', ')}` };
  }
  const path = first.instancePath.split('/').slice(1);
  const field = path[0] ?? '';
  const where = path.join('.') || 'event';
  // A failed union lists each alternative; name them all in one message.
  const allowed = errors
    .filter((e) => e.instancePath === first.instancePath && e.keyword === 'const')
    .map((e) => String(e.params.allowedValue));
  const message = allowed.length > 1 ? `must be one of ${allowed.join(', ')}` : first.message;
  return { code: FIELD_CODES[field] ?? 'invalid_event', message: `${where} ${message}` };
}

/** PostgreSQL text and jsonb cannot hold U+0000; name the first field that does. */
function findNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'event' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return path ? `${path} key` : 'key';
    const found = findNul(child, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
