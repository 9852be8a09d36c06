import Type from 'typebox';

/**
 * Aggregates are derived from raw events by the aggregator, shortly after they are stored.
 * Every aggregate answer says as of when it holds every acknowledged event (`asOf`, also in the
 * `x-feedloop-as-of` header), and a caller can ask to read its own writes: `freshAfter` waits
 * (at most 5 s) until the aggregates hold every event acknowledged before that moment.
 */
export const FreshAfter = Type.Optional(
  Type.Union([Type.Literal('now'), Type.String({ format: 'date-time' })], {
    description:
      'Wait (at most 5 s) until the aggregates hold every event acknowledged before this moment ("now": before this request). ' +
      'Without it the answer is immediate, as of `asOf`.',
  }),
);

export const AsOf = Type.String({
  format: 'date-time',
  description: 'Every event acknowledged before this moment is counted in this answer (the aggregator’s watermark).',
});

/** The longest a `freshAfter` wait lasts. */
export const MAX_FRESHNESS_WAIT_MS = 5000;
