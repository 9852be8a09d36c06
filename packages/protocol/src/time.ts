import Type from 'typebox';

/** A query-string instant: ISO 8601 date or date-time (UTC when no offset is given). */
export const Instant = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.String({ format: 'date' })], { description });
