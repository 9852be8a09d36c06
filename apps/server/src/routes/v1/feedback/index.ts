import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, FeedbackListQuery, FeedbackListResponse } from '@feedloop/protocol';
import { csvExport } from '../../../services/feedback/csv-export.js';
import { checkFilters, feedbackBatches, feedbackPage, toItem } from '../../../services/feedback/feedback-query.js';
import { withoutEmail } from '../../../services/feedback/item.js';
import { HttpError } from '../../../http-error.js';
import { checkTimeRange } from '../time-range.js';

const MAX_PAGE = 1000;

/** The raw feedback, filtered: a page of JSON, or a streamed CSV / NDJSON export (secret key). */
const feedback: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/feedback',
    {
      schema: {
        summary: 'Raw feedback, filtered; paged JSON or streamed CSV / NDJSON export',
        description:
          'Newest first. JSON pages of `limit` rows with `nextCursor`; format=csv or ndjson streams every matching row ' +
          '(in constant memory; CSV written by PostgreSQL itself where it runs on PostgreSQL). Items carry their triage state ' +
          '(status, publicReply, issueUrl, tags, triagedAt, statusChangedAt); tag= (repeatable) keeps feedback carrying every given tag. ' +
          'CSV cells beginning with = + - @, tab or carriage return are prefixed with an apostrophe (CSV injection); tags are a JSON array. ' +
          'userId=, anonymousId= and email= find one person’s feedback (email: members and up, case-insensitive).',
        tags: ['analytics'],
        querystring: FeedbackListQuery,
        response: { 200: FeedbackListResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      // A page is reading; the whole stream is an export.
      config: {
        access: (request) => (((request.query as { format?: string }).format ?? 'json') === 'json' ? 'read' : 'export'),
        accessLabel: 'read or export (format)',
      },
    },
    async (request, reply) => {
      checkTimeRange(request.query);
      // Viewers are shown no submitter's email: they may not look one up either.
      if (request.query.email !== undefined && !request.permissions.has('emails')) {
        throw new HttpError(403, 'forbidden', 'filtering by email needs the emails permission (members and up), which your role or token does not have');
      }
      const { limit, cursor, format = 'json', ...filters } = request.query;
      if (format === 'json') {
        if (limit !== undefined && limit > MAX_PAGE) throw new HttpError(400, 'invalid_query', `limit: at most ${MAX_PAGE} per page (exports take any)`);
        const page = await feedbackPage(app.db, request.projectId, filters, limit ?? 50, cursor);
        // A viewer sees no submitter's email (exports need the export permission, which includes them).
        return request.permissions.has('emails') ? page : { ...page, feedback: page.feedback.map(withoutEmail) };
      }

      // Validate the filters (and cursor) before the 200 goes out: later errors can only cut the stream.
      checkFilters(filters, cursor);
      await request.audit({ action: 'feedback.exported', changes: { format, filters: Object.keys(filters).filter((k) => filters[k as keyof typeof filters] !== undefined).sort() } });
      const options = { limit, cursor };
      const body = Readable.from(
        format === 'csv'
          ? csvExport(app.database, request.projectId, filters, options)
          : lines(feedbackBatches(app.db, request.projectId, filters, options), (row) => JSON.stringify(toItem(row)) + '\n'),
        // A chunk is up to a whole batch (~1 MB): buffer two, not Readable.from's default sixteen.
        { highWaterMark: 2 },
      );
      const name = `feedback-${new Date().toISOString().slice(0, 10)}.${format}`;
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body as never); // a stream: the response schema (of the JSON page) does not apply
    },
  );
};

/** One chunk per batch: a few thousand rows per write keeps the export fast. */
async function* lines<R>(batches: AsyncGenerator<R[]>, line: (row: R) => string): AsyncGenerator<string> {
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) chunk += line(row);
    yield chunk;
  }
}

export default feedback;
