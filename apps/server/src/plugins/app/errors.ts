import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { HttpError } from '../../http-error.js';
import { isDatabaseUnavailable } from '../../db/errors.js';

/**
 * Every error leaves as `{ code, message }`: Fastify's own (body parsing, validation, limits)
 * are translated to the API's codes; anything unexpected is logged and answered without detail.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { status, code, message, headers } = translate(error, app.config.maxBodyBytes);
      if (status >= 500 && code === 'internal_error') request.log.error({ err: error }, 'unhandled error');
      else if (status >= 500) request.log.warn({ code, err: error.message }, 'request failed');
      void reply.code(status).headers(headers).send({ code, message });
    });
    app.setNotFoundHandler((request, reply) => {
      void reply.code(404).send({ code: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` });
    });
  },
  { name: 'errors' },
);

function translate(
  error: FastifyError,
  maxBodyBytes: number,
): { status: number; code: string; message: string; headers: Record<string, string> } {
  if (error instanceof HttpError) {
    return { status: error.statusCode, code: error.code, message: error.message, headers: error.headers };
  }
  if (error.validation) {
    const where = error.validationContext ?? 'body';
    const code = where === 'querystring' ? 'invalid_query' : where === 'params' ? 'invalid_params' : 'invalid_body';
    return { status: 400, code, message: error.message, headers: {} };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', message: `the body exceeds ${maxBodyBytes} bytes`, headers: {} };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: error.statusCode ?? 415,
        code: error.statusCode === 400 ? 'invalid_body' : 'unsupported_media_type',
        message: 'send the body as application/json or text/plain (JSON text)',
        headers: {},
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_body', message: 'the body is empty; expected JSON', headers: {} };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      code: 'database_unavailable',
      message: 'the database is unreachable; retry later',
      headers: { 'retry-after': '5' },
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's JSON parser (syntax errors, __proto__ keys) and other client-side failures.
    return { status, code: status === 415 ? 'unsupported_media_type' : 'invalid_body', message: error.message, headers: {} };
  }
  return { status: 500, code: 'internal_error', message: 'internal error; it has been logged', headers: {} };
}
