import Type, { type Static } from 'typebox';
import { Event } from './events.js';
import { MAX_EVENTS_PER_BATCH } from './limits.js';

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
