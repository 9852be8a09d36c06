import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  CreateWebhookRequest,
  DeliveriesQuery,
  DeliveriesResponse,
  DeliveryParams,
  ErrorResponse,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
  WebhookParams,
  WebhooksResponse,
} from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import {
  createWebhook,
  deleteWebhook,
  findWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  updateWebhook,
} from '../../../services/webhooks/webhooks.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Webhooks of the key's project (secret key): CRUD, delivery log, manual redelivery. */
const webhooks: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['webhooks'] };
  const notFound = (id: string) => new HttpError(404, 'not_found', `no webhook ${id} in this project`);
  const policy = { allowPrivate: app.config.webhookAllowPrivate };

  app.get(
    '/v1/webhooks',
    { config: { access: 'admin' }, schema: { ...common, summary: "The project's webhooks", response: { 200: WebhooksResponse, ...errors } } },
    async (request) => ({ webhooks: await listWebhooks(app.db, request.projectId) }),
  );

  app.post(
    '/v1/webhooks',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Add a webhook',
        description:
          'Answers with the signing secret (also on rotateSecret). Deliveries are POSTs signed with ' +
          'Feedloop-Signature: v1=hex(HMAC-SHA256(secret, Feedloop-Timestamp + "." + body)); see docs/loop.md. ' +
          'The URL must be http(s) without credentials, on a public address (400 webhook_url_forbidden for loopback, ' +
          'private, link-local, unique-local, multicast or unspecified addresses and localhost; ' +
          'the addresses the host name resolves to are checked again at every delivery).',
        body: CreateWebhookRequest,
        response: { 201: Webhook, ...errors },
      },
    },
    async (request, reply) => {
      const hook = await createWebhook(app.db, request.projectId, request.body, policy);
      await request.audit({ action: 'webhook.created', target: { type: 'webhook', id: hook.id }, changes: settingsOf(request.body) });
      return reply.code(201).send(hook);
    },
  );

  app.get(
    '/v1/webhooks/:webhookId',
    { config: { access: 'admin' }, schema: { ...common, summary: 'A webhook', params: WebhookParams, response: { 200: Webhook, ...errors } } },
    async (request) => (await findWebhook(app.db, request.projectId, request.params.webhookId)) ?? Promise.reject(notFound(request.params.webhookId)),
  );

  app.patch(
    '/v1/webhooks/:webhookId',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Change a webhook (or rotate its secret)',
        params: WebhookParams,
        body: UpdateWebhookRequest,
        response: { 200: Webhook, ...errors },
      },
    },
    async (request) => {
      const { webhookId } = request.params;
      const hook = await updateWebhook(app.db, request.projectId, webhookId, request.body, policy);
      if (!hook) throw notFound(webhookId);
      await request.audit({ action: 'webhook.updated', target: { type: 'webhook', id: webhookId }, changes: settingsOf(request.body) });
      return hook;
    },
  );

  app.delete(
    '/v1/webhooks/:webhookId',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Delete a webhook and its delivery log',
        params: WebhookParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      if (!(await deleteWebhook(app.db, request.projectId, request.params.webhookId))) throw notFound(request.params.webhookId);
      await request.audit({ action: 'webhook.deleted', target: { type: 'webhook', id: request.params.webhookId } });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/:webhookId/deliveries',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Delivery log of a webhook',
        params: WebhookParams,
        querystring: DeliveriesQuery,
        response: { 200: DeliveriesResponse, ...errors },
      },
    },
    async (request) => {
      const { webhookId } = request.params;
      if (!(await findWebhook(app.db, request.projectId, webhookId))) throw notFound(webhookId);
      const { status, limit = 50 } = request.query;
      return { deliveries: await listDeliveries(app.db, request.projectId, webhookId, { status, limit }) };
    },
  );

  app.post(
    '/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Send a delivery again',
        description: 'Puts the delivery back into the outbox, due now, with a fresh retry budget; 202 with the delivery.',
        params: DeliveryParams,
        response: { 202: WebhookDelivery, ...errors },
      },
    },
    async (request, reply) => {
      const { webhookId, deliveryId } = request.params;
      const delivery = await redeliver(app.db, request.projectId, webhookId, deliveryId);
      if (!delivery) throw new HttpError(404, 'not_found', `no delivery ${deliveryId} of webhook ${webhookId} in this project`);
      app.webhookDispatcher.wake();
      await request.audit({ action: 'webhook.redelivered', target: { type: 'webhook', id: webhookId }, changes: { deliveryId } });
      return reply.code(202).send(delivery);
    },
  );
};

export default webhooks;

/**
 * What the audit trail keeps of a webhook's settings: never its signing secret (a rotation is
 * noted, not shown), and of its URL only the host, since a URL such as Slack's is a credential.
 */
function settingsOf(body: { url?: string; events?: string[]; format?: string; active?: boolean; rotateSecret?: boolean; description?: string | null }) {
  const { events, format, active, rotateSecret, description } = body;
  const host = body.url === undefined ? undefined : URL.canParse(body.url) ? new URL(body.url).host : '(invalid)';
  return Object.fromEntries(Object.entries({ host, events, format, active, rotateSecret, description }).filter(([, v]) => v !== undefined));
}
