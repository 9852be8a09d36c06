/**
 * A tiny node:http server for test pages: the "customer site" that embeds the widget. It serves
 * the built script-tag files at /widget/ and pages registered by the test, with their headers.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const WIDGET_DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface TestPage {
  body: string;
  headers?: Record<string, string>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;

export interface StaticServer {
  origin: string;
  pages: Map<string, TestPage>;
  /** Extra handlers tried before pages (e.g. a deliberately failing endpoint). */
  handlers: Handler[];
  /** Paths requested, in order. */
  requests: string[];
  /** URL prefix → directory served as files (JavaScript and source maps). */
  mounts: Map<string, string>;
  close(): Promise<void>;
}

export async function startStaticServer(): Promise<StaticServer> {
  const pages = new Map<string, TestPage>();
  const handlers: Handler[] = [];
  const requests: string[] = [];
  const mounts = new Map<string, string>([['/widget/', WIDGET_DIST]]);
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    for (const handler of handlers) if (await handler(request, response)) return;
    if (url.pathname == '/favicon.ico') return void response.writeHead(204).end();
    const page = pages.get(url.pathname);
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
      response.end(page.body);
      return;
    }
    for (const [prefix, directory] of mounts) {
      const file = url.pathname.startsWith(prefix) && url.pathname.slice(prefix.length);
      if (!file || file.split('/').includes('..') || !/\.(m?js|map)$/.test(file)) continue;
      try {
        const body = await readFile(directory + file);
        // Compressed as a production server or CDN serves scripts (gzip -9, as precompressed
        // `.gz` files are): what the widget's byte budget counts (size.browser.test.ts).
        const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
        const sent = gzip ? gzipSync(body, { level: 9 }) : body;
        response.writeHead(200, {
          'content-type': 'text/javascript; charset=utf-8',
          'content-length': String(sent.length),
          ...(gzip && { 'content-encoding': 'gzip' }),
          vary: 'accept-encoding',
        });
        response.end(sent);
        return;
      } catch {
        // fall through to 404
      }
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    pages,
    handlers,
    requests,
    mounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Escapes a value for an HTML attribute. */
export const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A host page embedding the widget with a script tag, as a customer would. */
export function hostPage({ dataset = {}, head = '', body = '' }: { dataset?: Record<string, string>; head?: string; body?: string }) {
  const attributes = Object.entries(dataset)
    .map(([name, value]) => ` data-${name}="${attr(value)}"`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title>${head}
<script src="/widget/feedloop.js"${attributes} async></script></head><body>${body}</body></html>`;
}
