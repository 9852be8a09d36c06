/**
 * A deliberately unreliable /v1/events on the test site, for what the real service will not do
 * on demand: answer 503, 429 or 400. Scripted answers are used in order, then 200.
 */
import type { IncomingMessage } from 'node:http';
import type { StaticServer } from './static-server.js';

export interface RecordedRequest {
  at: number;
  contentType: string | undefined;
  headerKey: string | undefined;
  queryKey: string | null;
  events: { id: string; type: string; [field: string]: unknown }[];
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

export interface FlakyEndpoint {
  /** Base URL to use as data-endpoint. */
  endpoint: string;
  requests: RecordedRequest[];
  answers: ScriptedAnswer[];
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => resolve(body));
  });

export function flakyEndpoint(site: StaticServer, prefix: string): FlakyEndpoint {
  const flaky: FlakyEndpoint = { endpoint: `${site.origin}${prefix}`, requests: [], answers: [] };
  site.handlers.push(async (request, response) => {
    const url = new URL(request.url ?? '/', site.origin);
    if (url.pathname != `${prefix}/v1/events`) return false;
    const body = await readBody(request);
    const events = JSON.parse(body).events;
    flaky.requests.push({
      at: Date.now(),
      contentType: request.headers['content-type'],
      headerKey: request.headers['x-feedloop-key'] as string | undefined,
      queryKey: url.searchParams.get('key'),
      events,
    });
    const answer = flaky.answers.shift() ?? { status: 200 };
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(
      JSON.stringify(
        answer.status == 200 ? { accepted: events.length, duplicates: 0, rejected: [] } : { code: 'scripted', message: `scripted ${answer.status}` },
      ),
    );
    return true;
  });
  return flaky;
}
