import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BulkUpdateRequest,
  BulkUpdateResponse,
  ErrorResponse,
  FeedbackIdParams,
  TriageResponse,
  TriageState,
  UpdateFeedbackRequest,
} from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { triage, triageOf } from '../../../services/triage/triage.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Triage of feedback items (secret key): status, public reply, issue link, tags; audited. */
const triageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['triage'] };
  // Without mail configured, nothing is queued (no mail is kept to fail later).
  const mail = app.config.mail ? { coalesceMs: app.config.mailCoalesceMs } : undefined;

  app.patch(
    '/v1/feedback/:id',
    {
      schema: {
        ...common,
        summary: 'Triage one feedback item',
        description:
          'Changes status, public reply, issue link and/or tags. Every change is recorded in the audit trail with the ' +
          'authenticated actor (the signed-in person, the token or the key), and sent to feedback.updated webhooks. ' +
          'A public reply, or a move to a status the project tells (mail settings), mails the submitter when they left an address.',
        params: FeedbackIdParams,
        body: UpdateFeedbackRequest,
        response: { 200: TriageState, ...errors },
      },
      config: { access: 'triage' },
    },
    async (request) => {
      // `actor` in the body is ignored: the audit trail names who is authenticated.
      const { actor: _ignored, ...changes } = request.body;
      const result = await triage(app.db, request.projectId, [request.params.id], changes, request, mail);
      const item = result.items[0];
      if (!item) throw new HttpError(404, 'not_found', `no feedback ${request.params.id} in this project`);
      return item;
    },
  );

  app.post(
    '/v1/feedback/bulk',
    {
      schema: {
        ...common,
        summary: 'Triage many feedback items at once',
        description: 'The same changes for up to 500 items, in one transaction. Ids not in this project are listed in notFound.',
        body: BulkUpdateRequest,
        response: { 200: BulkUpdateResponse, ...errors },
      },
      config: { access: 'triage' },
    },
    async (request) => {
      const { ids, changes } = request.body;
      return triage(app.db, request.projectId, ids, changes, request, mail);
    },
  );

  app.get(
    '/v1/feedback/:id/triage',
    {
      schema: {
        ...common,
        summary: "A feedback item's triage state and audit trail",
        params: FeedbackIdParams,
        response: { 200: TriageResponse, ...errors },
      },
      config: { access: 'read' },
    },
    async (request) => {
      const found = await triageOf(app.db, request.projectId, request.params.id);
      if (!found) throw new HttpError(404, 'not_found', `no feedback ${request.params.id} in this project`);
      return found;
    },
  );
};

export default triageRoutes;
