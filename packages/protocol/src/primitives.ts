import Type from 'typebox';

/** Schema building blocks the resources share: ids, times, and "or null". */

export const Uuid = Type.String({ format: 'uuid' });
export const DateTime = Type.String({ format: 'date-time' });
export const Day = Type.String({ format: 'date', description: 'UTC day, YYYY-MM-DD.' });

/** A query-string instant: ISO 8601 date or date-time (UTC when no offset is given). */
export const Instant = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.String({ format: 'date' })], { description });

export const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
