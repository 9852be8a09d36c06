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
import { actorOf } from '../../../services/triage/actor.js';
import { triage, triageOf } from '../../../services/triage/triage.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Triage of feedback items (secret key): status, public reply, issue link, tags; audited. */
const triageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['triage'], security: [{ secretKey: [] }] };

  app.patch(
    '/v1/feedback/:id',
    {
      schema: {
        ...common,
        summary: 'Triage one feedback item',
        description:
          'Changes status, public reply, issue link and/or tags. Every change is recorded in the audit trail with the actor ' +
          '(body `actor` or the x-feedloop-actor header, percent-encoded) and the key used, and sent to feedback.updated webhooks.',
        params: FeedbackIdParams,
        body: UpdateFeedbackRequest,
        response: { 200: TriageState, ...errors },
      },
      preHandler: app.requireSecretKey,
    },
    async (request) => {
      const { actor, ...changes } = request.body;
      const result = await triage(app.db, request.projectId, [request.params.id], changes, await actorOf(app.db, request, actor));
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
      preHandler: app.requireSecretKey,
    },
    async (request) => {
      const { ids, changes, actor } = request.body;
      return triage(app.db, request.projectId, ids, changes, await actorOf(app.db, request, actor));
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
      preHandler: app.requireSecretKey,
    },
    async (request) => {
      const found = await triageOf(app.db, request.projectId, request.params.id);
      if (!found) throw new HttpError(404, 'not_found', `no feedback ${request.params.id} in this project`);
      return found;
    },
  );
};

export default triageRoutes;
