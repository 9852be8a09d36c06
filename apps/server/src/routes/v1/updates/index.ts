import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponse, KEY_HEADER, MarkSeenRequest, MarkSeenResponse, UpdatesResponse } from '@feedloop/protocol';
import { identityOf } from '../../../services/updates/identity.js';
import { markSeen, unseenUpdates } from '../../../services/updates/updates.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };
const Lookup = Type.Object(
  { anonymousId: MarkSeenRequest.properties.anonymousId, userId: MarkSeenRequest.properties.userId, userHash: MarkSeenRequest.properties.userHash },
  { title: 'UpdatesRequest', additionalProperties: false },
);

/**
 * What the submitter hears back (public key, the project's allowed origins, like POST /v1/events).
 * Both are POSTs: the anonymous id is what entitles a browser to its updates, so it must stay
 * out of URLs and access logs. text/plain JSON is accepted (no CORS preflight).
 */
const updates: FastifyPluginAsyncTypebox = async (app) => {
  // CORS as for /v1/events (plugins/external/cors.ts answers the preflights of both).
  app.addHook('onRequest', app.browserCors);
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  const common = {
    tags: ['loop'],
    querystring: Type.Object({ key: Type.Optional(Type.String({ description: 'Public key' })) }),
    headers: Type.Object({ [KEY_HEADER]: Type.Optional(Type.String()) }),
  };

  app.post(
    '/v1/updates',
    {
      schema: {
        ...common,
        summary: "This submitter's unseen updates",
        description:
          'Items of this browser (anonymousId), or of a signed-in user the host app vouches for (userId + userHash = ' +
          'hex HMAC-SHA256(key = hex SHA-256 of the secret key, message = userId)), whose status or public reply changed ' +
          'and that were not marked seen. Only status, public reply, feature and an excerpt of their own comment.',
        body: Lookup,
        response: { 200: UpdatesResponse, ...errors },
      },
      config: { access: 'browser' },
    },
    async (request) => {
      const identity = await identityOf(app.db, request.projectId, request.body);
      return { updates: await unseenUpdates(app.db, request.projectId, identity) };
    },
  );

  app.post(
    '/v1/updates/seen',
    {
      schema: {
        ...common,
        summary: 'Mark updates seen (the widget showed them)',
        body: MarkSeenRequest,
        response: { 200: MarkSeenResponse, ...errors },
      },
      config: { access: 'browser' },
    },
    async (request) => {
      const identity = await identityOf(app.db, request.projectId, request.body);
      return { seen: await markSeen(app.db, request.projectId, identity, request.body.ids) };
    },
  );
};

export default updates;
