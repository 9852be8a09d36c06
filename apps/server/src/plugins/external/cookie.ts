import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';

/** Cookies (the dashboard's session). Unsigned: the session cookie is a random token looked up by its hash. */
export default fp(
  async (app) => {
    await app.register(cookie);
  },
  { name: 'cookie' },
);
