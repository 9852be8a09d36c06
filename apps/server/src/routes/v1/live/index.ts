import type { ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, type LoopFeedback } from '@feedloop/protocol';
import { withoutEmail } from '../../../services/feedback/item.js';

const HEARTBEAT_MS = 15_000;
/** A client this far behind (bytes not yet taken by its socket) is dropped; it reconnects and resyncs. */
const MAX_BUFFERED = 1 << 20;

/**
 * GET /v1/stream: server-sent events of the project's feedback as it is accepted or triaged, for
 * the dashboard. Authorization: Bearer sk_… (the dashboard reads it with fetch streaming, which,
 * unlike EventSource, can send the header: the key never travels in a URL).
 */
const stream: FastifyPluginAsyncTypebox = async (app) => {
  const open = new Set<ServerResponse>();
  // Cut the streams first, or closing the server would wait for them forever.
  app.addHook('preClose', async () => {
    for (const response of open) response.destroy();
  });

  app.get(
    '/v1/stream',
    {
      schema: {
        summary: 'Live feedback (server-sent events)',
        description:
          'text/event-stream. Events `feedback.created` and `feedback.updated` (data: a LoopFeedback JSON object, id: the ' +
          'feedback id), `resync` (events may have been missed: refetch). A comment line every 15 s keeps proxies from ' +
          'closing the connection; the stream ends when the key is revoked. Feedback text is unescaped JSON: render it as text.',
        tags: ['live'],
        response: { '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      config: { access: 'read' },
    },
    async (request, reply) => {
      const { projectId } = request;
      // A viewer's stream leaves out submitters' emails, as the list does.
      const shown = request.permissions.has('emails') ? (f: LoopFeedback) => f : withoutEmail;
      const out = new PassThrough();
      open.add(reply.raw);
      const write = (text: string) => {
        if (out.writableLength > MAX_BUFFERED) out.end();
        else out.write(text);
      };
      const unsubscribe = app.live.subscribe(projectId, (event, feedback) => {
        write(feedback ? `id: ${feedback.id}\nevent: ${event}\ndata: ${JSON.stringify(shown(feedback))}\n\n` : `event: ${event}\ndata: {}\n\n`);
      });
      const heartbeat = setInterval(() => {
        // A revoked key or token, an ended session or a lost membership stops the stream too.
        app.stillAuthorized(request).then((allowed) => (allowed ? write(': ping\n\n') : out.end()));
      }, HEARTBEAT_MS);
      const cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(reply.raw);
        out.end();
      };
      // The client went away: release its socket too (a half-open one would hold up shutdown).
      reply.raw.once('close', () => {
        cleanup();
        reply.raw.destroy();
      });
      out.once('close', cleanup);
      out.once('finish', cleanup);
      out.write('retry: 3000\n: connected\n\n');
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no') // nginx: do not buffer the stream
        .send(out as never); // a stream: no response schema applies
    },
  );
};

export default stream;
