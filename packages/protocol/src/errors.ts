import Type, { type Static } from 'typebox';

/** Every 4xx/5xx answer; its codes are REQUEST_ERROR_CODES and EVENT_ERROR_CODES (vocabulary.ts). */
export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'Machine-readable error code.' }),
    message: Type.String({ description: 'Human-readable explanation.' }),
  },
  { title: 'ErrorResponse', description: 'Every error answer of the API.' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;
