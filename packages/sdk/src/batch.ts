import type { Event } from '@feedloop/protocol';

/** The leading events that fit one request: at most `count`, and `maxBytes` of JSON unless a single event is larger. */
export function firstBatch(events: Event[], count: number, maxBytes: number): Event[] {
  let bytes = 12; // {"events":[]}
  return events.slice(0, count).filter((event, index) => (bytes += new Blob([JSON.stringify(event)]).size + 1) <= maxBytes || !index);
}
