import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErasureResponse, ErrorResponse, PrivacyExport, PrivacyExportQuery, PrivacySubject, ProjectParams } from '@feedloop/protocol';
import { eraseSubject } from '../../../services/privacy/erase.js';
import { exportSubject } from '../../../services/privacy/export.js';
import { checkSubject } from '../../../services/privacy/subject.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** Erasure and access requests of one person (admins): docs/privacy.md. */
const privacy: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['privacy'] };

  app.post(
    '/v1/projects/:projectId/privacy/erasures',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: "Erase one person's data",
        description:
          'Deletes every event carrying any of the identifiers given (feedback and exposures, counted by the aggregator yet or not), ' +
          'their first sightings, triage history, replies and submitter updates, and the webhook deliveries whose payload carries ' +
          'them, and corrects the aggregates in the same transaction (counts drop by exactly what was erased). Events accepted ' +
          'after the answer’s `at` are kept. Idempotent: a repeat erases nothing and counts zeros. Leaves a receipt with salted ' +
          'hashes of the identifiers, never the identifiers.',
        params: ProjectParams,
        body: PrivacySubject,
        response: { 200: ErasureResponse, ...errors },
      },
    },
    async (request) =>
      eraseSubject(app.db, request.projectId, checkSubject(request.body), {
        principal: request.principal,
        clientAddress: request.clientAddress,
      }),
  );

  app.get(
    '/v1/projects/:projectId/privacy/export',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Everything stored about one person (an access request)',
        description:
          'One JSON document (format feedloop.privacy-export.v1) with every event carrying any of the identifiers given, the first ' +
          'sightings of their anonymous ids, the triage history and submitter updates of their feedback, the webhook deliveries ' +
          'carrying it, and every identifier found beside the ones asked for. Sent as an attachment.',
        params: ProjectParams,
        querystring: PrivacyExportQuery,
        response: { 200: PrivacyExport, ...errors },
      },
    },
    async (request, reply) => {
      const subject = checkSubject(request.query);
      const document = await exportSubject(app.db, request.projectId, subject);
      await request.audit({ action: 'privacy.exported', changes: { identifiers: Object.keys(subject).sort() } });
      return reply
        .header('content-disposition', `attachment; filename="privacy-export-${new Date().toISOString().slice(0, 10)}.json"`)
        .header('cache-control', 'no-store')
        .send(document);
    },
  );
};

export default privacy;
