import Type, { type Static } from 'typebox';
import { FreshAfter } from '@feedloop/protocol';
import { HttpError } from '../../http-error.js';

const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.String({ format: 'date' })], {
  description: 'ISO 8601 date or date-time (UTC when no offset is given).',
});

export const TimeRange = Type.Object({
  freshAfter: FreshAfter,
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
});
export type TimeRange = Static<typeof TimeRange>;

/** from < to, both parseable. */
export function checkTimeRange(range: TimeRange): TimeRange {
  const from = range.from === undefined ? undefined : Date.parse(range.from);
  const to = range.to === undefined ? undefined : Date.parse(range.to);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new HttpError(400, 'invalid_query', '"from" must be before "to"');
  }
  return range;
}
