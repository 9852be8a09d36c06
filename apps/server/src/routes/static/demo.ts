import { readFile } from 'node:fs/promises';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { paths } from '../../paths.js';

/** The page's own CSP is strict on purpose: the widget must work under it. */
export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The demo host page: a small fake product embedding the widget exactly as a customer would. */
const demo: FastifyPluginAsync<{ publicKey: string }> = async (app, { publicKey }) => {
  const template = await readFile(`${paths.demo}index.html`, 'utf8');
  const page = template.replaceAll('__FEEDLOOP_PUBLIC_KEY__', publicKey.replace(/[^A-Za-z0-9_-]/g, ''));

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/demo/'));
  app.get('/demo', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/demo/'));
  app.get('/demo/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-security-policy', DEMO_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .type('text/html; charset=utf-8')
      .send(page),
  );
  await app.register(fastifyStatic, {
    root: paths.demo,
    prefix: '/demo/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => !path.endsWith('.html'),
  });
};

export default demo;
