import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponse, IngestRequest, IngestResponse, KEY_HEADER, type EventRejection } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { DEFAULT_SCRUBBER, SCRUB_KINDS, scrubEvent, type ScrubCounts } from '../../../services/events/scrub/index.js';
import { toRows } from '../../../services/events/to-rows.js';
import { validateEvent, type ValidEvent } from '../../../services/events/validate-event.js';
import { eventKey } from '../../../services/events/write-events.js';

/** POST /v1/events: public, called from browsers with the project's public key. */
const events: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.browserCors);

  // What navigator.sendBeacon sends (no CORS preflight): a JSON text as text/plain.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  const { maxBatchEvents } = app.config;
  // Labelled once: prom-client hashes the labels on every inc() otherwise, on the hottest path.
  const acceptedCount = app.metrics.events.labels({ outcome: 'accepted', code: '' });
  const duplicateCount = app.metrics.events.labels({ outcome: 'duplicate', code: '' });
  const scrubbedCount = Object.fromEntries(SCRUB_KINDS.map((kind) => [kind, app.metrics.scrubbed.labels({ kind })]));

  app.post(
    '/v1/events',
    {
      schema: {
        summary: 'Send feedback and exposure events',
        description:
          'Stores the valid events of the batch and reports the invalid ones per event. An accepted event is committed before the answer. ' +
          'Before anything is stored, secrets in free text (comment, metadata, url, userId) are replaced by [redacted:<kind>]: payment card numbers, IBANs, ' +
          'JWTs and API keys, bearer tokens, passwords and secret query parameters, plus what the project adds in its privacy settings.',
        tags: ['ingest'],
        querystring: Type.Object({ key: Type.Optional(Type.String({ description: 'Public key (for sendBeacon)' })) }),
        headers: Type.Object({ [KEY_HEADER]: Type.Optional(Type.String()) }),
        body: IngestRequest,
        response: { 200: IngestResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      // The schema above documents the whole contract; validation here checks only the envelope,
      // so that one bad event is reported on its own instead of failing the batch.
      validatorCompiler: ({ httpPart }) => (httpPart === 'body' ? checkEnvelope(maxBatchEvents) : () => true),
      config: { access: 'browser' },
    },
    async (request) => {
      const batch = (request.body as { events: unknown[] }).events;
      const now = Date.now();
      const window = { maxPastMs: app.config.eventMaxAgeMs, maxFutureMs: app.config.eventMaxFutureMs };
      const valid: ValidEvent[] = [];
      const rejected: EventRejection[] = [];
      batch.forEach((input, index) => {
        const result = validateEvent(input, now, window);
        if (result.ok) valid.push(result.event);
        else rejected.push({ index, ...result.error });
      });

      // Scrubbed before anything is stored (only what was found is counted; the text never leaves here).
      const scrubber = request.scrubber ?? DEFAULT_SCRUBBER;
      const scrubbed: ScrubCounts = {};
      for (const event of valid) scrubEvent(event, scrubber, scrubbed);
      for (const kind in scrubbed) scrubbedCount[kind]!.inc(scrubbed[kind as keyof ScrubCounts]);

      const { inserted } = await app.eventWriter.write(toRows(request.projectId, valid, new Date(now)));

      // Repeated ids count once: the first occurrence may be new, the rest are duplicates.
      const counted = new Set<string>();
      let accepted = 0;
      for (const event of valid) {
        const key = eventKey(request.projectId, event.id.toLowerCase());
        if (inserted.has(key) && !counted.has(key)) accepted += 1;
        counted.add(key);
      }
      acceptedCount.inc(accepted);
      duplicateCount.inc(valid.length - accepted);
      for (const r of rejected) app.metrics.events.inc({ outcome: 'rejected', code: r.code });
      return { accepted, duplicates: valid.length - accepted, rejected };
    },
  );
};

function checkEnvelope(maxEvents: number) {
  return (body: unknown) => {
    const fail = (message: string, code: 'invalid_body' | 'too_many_events' = 'invalid_body') => ({
      error: new HttpError(400, code, message),
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return fail('the body must be a JSON object {"events": [...]}');
    }
    const list = (body as { events?: unknown }).events;
    if (!Array.isArray(list)) return fail('the body must have an "events" array');
    if (list.length === 0) return fail('"events" is empty: send 1 to ' + maxEvents + ' events');
    if (list.length > maxEvents) return fail(`send at most ${maxEvents} events per request`, 'too_many_events');
    return { value: body };
  };
}

export default events;
