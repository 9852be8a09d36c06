import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorResponse,
  MailDeliveriesQuery,
  MailDeliveriesResponse,
  MailDelivery,
  MailSettings,
  MailUnsubscribesResponse,
  TestMailRequest,
  UpdateMailSettingsRequest,
} from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { isMailAddress } from '../../../services/mail/address.js';
import { enqueueMail, listMails } from '../../../services/mail/outbox.js';
import { MAIL_OFF_REASON, projectMailSettings, toMailSettings, updateMailSettings, type MailSwitch } from '../../../services/mail/settings.js';
import { listUnsubscribes } from '../../../services/mail/unsubscribe.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** The project's mail (admins): settings, a test mail, the delivery log, the unsubscribe list. */
const mail: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['mail'] };
  const { config } = app;
  const on: MailSwitch = {
    enabled: config.mail !== undefined,
    from: config.mail ? (config.mail.from.name ? `${config.mail.from.name} <${config.mail.from.address}>` : config.mail.from.address) : null,
    coalesceMs: config.mailCoalesceMs,
  };

  app.get(
    '/v1/mail/settings',
    {
      config: { access: 'admin' },
      schema: { ...common, summary: "The project's mail settings, and whether this service sends mail", response: { 200: MailSettings, ...errors } },
    },
    async (request) => toMailSettings(on, await projectMailSettings(app.db, request.projectId)),
  );

  app.patch(
    '/v1/mail/settings',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Change which statuses are told to submitters, and the link their mails carry',
        body: UpdateMailSettingsRequest,
        response: { 200: MailSettings, ...errors },
      },
    },
    async (request) => {
      const settings = await updateMailSettings(app.db, request.projectId, request.body);
      await request.audit({ action: 'mail.settings_changed', target: { type: 'project', id: request.projectId }, changes: { ...request.body } });
      return toMailSettings(on, settings);
    },
  );

  app.post(
    '/v1/mail/test',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Send a test mail',
        description: "Queues a test mail (to the given address, or the signed-in person's) and answers 202 with it; its outcome shows in the delivery log. 409 mail_disabled when mail is off.",
        body: TestMailRequest,
        response: { 202: MailDelivery, ...errors },
      },
    },
    async (request, reply) => {
      if (!config.mail) throw new HttpError(409, 'mail_disabled', MAIL_OFF_REASON);
      const principal = request.principal;
      const to = (request.body.to ?? (principal?.kind === 'user' ? principal.email : '')).trim();
      if (to === '') throw new HttpError(400, 'invalid_body', 'name the address: to');
      if (!isMailAddress(to)) throw new HttpError(400, 'invalid_body', 'to is not a plain address (local@domain, without spaces, brackets or line breaks)');
      const id = await enqueueMail(app.db, request.projectId, { kind: 'test', recipient: to, locale: request.body.locale ?? 'en', payload: {} });
      app.mailWorker?.wake();
      await request.audit({ action: 'mail.test_sent', target: { type: 'project', id: request.projectId } });
      const [queued] = await listMails(app.db, request.projectId, { id, limit: 1 });
      return reply.code(202).send(queued!);
    },
  );

  app.get(
    '/v1/mail/deliveries',
    {
      config: { access: 'admin' },
      schema: { ...common, summary: 'The mail delivery log', querystring: MailDeliveriesQuery, response: { 200: MailDeliveriesResponse, ...errors } },
    },
    async (request) => {
      const { status, limit = 50 } = request.query;
      return { mails: await listMails(app.db, request.projectId, { status, limit }) };
    },
  );

  app.get(
    '/v1/mail/unsubscribes',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'The unsubscribe list',
        description: 'Addresses are kept as an HMAC only: each entry shows a hint (first letters) and when and how it came.',
        response: { 200: MailUnsubscribesResponse, ...errors },
      },
    },
    async (request) => ({ unsubscribes: await listUnsubscribes(app.db, request.projectId) }),
  );
};

export default mail;
