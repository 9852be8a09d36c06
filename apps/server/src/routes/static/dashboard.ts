import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { paths } from '../../paths.js';

/**
 * The dashboard's Content-Security-Policy: only its own files run and style the page, and it
 * talks only to this service. Feedback text is hostile; even if some of it ever reached the
 * DOM as markup, nothing injected could run, load or send anything.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const secure = (reply: FastifyReply) =>
  reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');

/**
 * The product team's dashboard (apps/dashboard, built by `pnpm build` into its dist/): one page
 * at /dashboard/ (pages live in the URL's hash), its script and styles beside it. The page signs
 * the person in (session cookie) and calls the /v1 API as them.
 */
const dashboard: FastifyPluginAsync = async (app) => {
  const index = `${paths.dashboardDist}index.html`;

  app.get('/dashboard', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/dashboard/'));
  app.get('/dashboard/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    if (!existsSync(index)) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is not built: run `pnpm build`.\n');
    }
    // Read on each request (it is small): a rebuild shows without a restart.
    return secure(reply)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(await readFile(index, 'utf8'));
  });

  if (!existsSync(paths.dashboardDist)) return;
  await app.register(fastifyStatic, {
    root: paths.dashboardDist,
    prefix: '/dashboard/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    allowedPath: (path) => !path.endsWith('.html'),
    setHeaders(res) {
      res.header('content-security-policy', DASHBOARD_CSP);
      res.header('x-content-type-options', 'nosniff');
      res.header('cache-control', 'no-cache');
    },
  });
};

export default dashboard;
