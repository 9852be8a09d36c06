import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { paths } from '../../paths.js';

/**
 * The script-tag widget, served for embedding on any site: the loader with a short cache (so a
 * new release reaches pages quickly), content-hashed chunks cached for a year. CORS is open
 * because the loader imports its lazy chunk cross-origin.
 */
const widget: FastifyPluginAsync = async (app) => {
  await app.register(fastifyStatic, {
    root: paths.widgetDist,
    prefix: '/widget/',
    decorateReply: false,
    cacheControl: false,
    setHeaders(res, path: string) {
      res.header('access-control-allow-origin', '*');
      res.header('cross-origin-resource-policy', 'cross-origin');
      res.header('x-content-type-options', 'nosniff');
      // Chunks named name.<hex hash>.js never change; everything else may, on the next release.
      const hashed = /\.[a-f0-9]{8,}\.js$/.test(path);
      res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    },
  });
};

export default widget;
