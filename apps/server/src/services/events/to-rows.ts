import type { NewExposure, NewFeedback, NewPromptEvent } from '../../db/schema.js';
import type { ValidEvent } from './validate-event.js';

export interface EventRows {
  feedback: NewFeedback[];
  exposures: NewExposure[];
  promptEvents: NewPromptEvent[];
}

/**
 * Maps validated events to table rows. Unknown extra fields of an event are dropped here.
 * The per-type fields are added with Object.assign: a spread (`{ ...common, … }`) of these
 * rows cost ~7 µs per event on Node 20 (more than validating the event), Object.assign 0.3 µs.
 */
export function toRows(projectId: string, events: readonly ValidEvent[], receivedAt: Date): EventRows {
  const rows: EventRows = { feedback: [], exposures: [], promptEvents: [] };
  for (const event of events) {
    const common = {
      project_id: projectId,
      id: event.id.toLowerCase(),
      occurred_at: new Date(event.timestamp),
      received_at: receivedAt,
      anonymous_id: text(event.anonymousId),
      user_id: optionalText(event.userId),
      session_id: optionalText(event.sessionId),
      url: optionalText(event.url),
      experiments: JSON.stringify(cleanRecord(event.experiments ?? {})),
      app_version: optionalText(event.context?.appVersion),
      locale: optionalText(event.context?.locale),
    };
    if (event.type === 'feedback') {
      rows.feedback.push(
        Object.assign(common, {
          feature: event.feature,
          rating_scale: event.rating?.scale ?? null,
          rating_value: event.rating?.value ?? null,
          comment: optionalText(event.comment),
          category: event.category ?? null,
          email: optionalText(event.email),
          metadata: event.metadata ? JSON.stringify(cleanRecord(event.metadata)) : null,
          prompt_id: event.promptId?.toLowerCase() ?? null,
        }),
      );
    } else if (event.type === 'prompt_shown' || event.type === 'prompt_dismissed') {
      rows.promptEvents.push(Object.assign(common, { type: event.type, prompt_id: event.promptId.toLowerCase(), feature: event.feature }));
    } else {
      rows.exposures.push(Object.assign(common, { experiment: event.experiment, variant: event.variant }));
    }
  }
  return rows;
}

/**
 * JSON may carry lone UTF-16 surrogates, which UTF-8 (and so PostgreSQL) cannot represent:
 * they become U+FFFD, the same thing a UTF-8 encoder would do.
 */
function text(value: string): string {
  return (value as string & { toWellFormed(): string }).toWellFormed();
}

function optionalText(value: string | undefined): string | null {
  return value === undefined ? null : text(value);
}

function cleanRecord<V>(record: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = Object.create(null);
  for (const [key, value] of Object.entries(record)) {
    out[text(key)] = (typeof value === 'string' ? text(value) : value) as V;
  }
  return out;
}
