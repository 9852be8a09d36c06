import fp from 'fastify-plugin';

/**
 * One log line per request, when it ends, instead of Fastify's two: what a browser's successful
 * event batch costs is logged at debug only (at ingest rates, info lines cost more CPU than the
 * work); every refusal and failure is logged, at info and error, with its request id.
 */
export default fp(
  async (app) => {
    app.addHook('onResponse', async (request, reply) => {
      const status = reply.statusCode;
      const entry = { req: request, res: { statusCode: status }, responseTime: reply.elapsedTime };
      if (status >= 500) request.log.error(entry, 'request failed');
      else if (status >= 400) request.log.info(entry, 'request refused');
      else if (request.routeOptions.config?.access === 'browser') request.log.debug(entry, 'request completed');
      else request.log.info(entry, 'request completed');
    });
  },
  { name: 'request-log' },
);
