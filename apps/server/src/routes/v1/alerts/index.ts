import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import {
  AlertEventsQuery,
  AlertEventsResponse,
  AlertPreviewRequest,
  AlertPreviewResponse,
  AlertRule,
  AlertRuleParams,
  AlertRulesResponse,
  CreateAlertRuleRequest,
  DigestSettings,
  ErrorResponse,
  SubscriptionResponse,
  UpdateAlertRuleRequest,
  UpdateDigestSettingsRequest,
} from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { previewRule } from '../../../services/alerts/checks.js';
import { digestSettings, updateDigestSettings } from '../../../services/alerts/digests.js';
import { listAlertEvents } from '../../../services/alerts/events.js';
import { checkParams, createRule, deleteRule, listRules, setSubscription, updateRule } from '../../../services/alerts/rules.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** The signed-in person behind a request about their own subscriptions and digest; tokens and keys are nobody to mail. */
function personOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.kind !== 'user') throw new HttpError(400, 'person_required', 'subscriptions and digests belong to a signed-in person, not to a token or key');
  return principal.userId;
}

const userIdOf = (request: FastifyRequest) => (request.principal?.kind === 'user' ? request.principal.userId : null);

/**
 * Alerts: rules (admins create, change, pause and delete them; everyone who reads the project
 * sees them and may subscribe to their mail), the alerts fired, a preview over 30 days, and each
 * person's digest settings.
 */
const alerts: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['alerts'] };
  const mailEnabled = () => app.alerts.options.mailOn;

  async function oneRule(request: FastifyRequest, id: string) {
    const [rule] = await listRules(app.db, request.projectId, userIdOf(request), id);
    if (!rule) throw new HttpError(404, 'not_found', 'no such alert rule');
    return rule;
  }

  app.get(
    '/v1/alerts/rules',
    { config: { access: 'read' }, schema: { ...common, summary: "The project's alert rules", response: { 200: AlertRulesResponse, ...errors } } },
    async (request) => ({ rules: await listRules(app.db, request.projectId, userIdOf(request)) }),
  );

  app.post(
    '/v1/alerts/rules',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Create an alert rule',
        description: 'Thresholds out of range: 400 threshold_out_of_range, naming the field.',
        body: CreateAlertRuleRequest,
        response: { 201: AlertRule, ...errors },
      },
    },
    async (request, reply) => {
      const id = await createRule(app.db, request.projectId, request.body, userIdOf(request));
      await request.audit({ action: 'alert.rule_created', target: { type: 'alert_rule', id }, changes: { ...request.body } });
      return reply.code(201).send(await oneRule(request, id));
    },
  );

  app.patch(
    '/v1/alerts/rules/:ruleId',
    {
      config: { access: 'admin' },
      schema: { ...common, summary: 'Change, pause or resume an alert rule', params: AlertRuleParams, body: UpdateAlertRuleRequest, response: { 200: AlertRule, ...errors } },
    },
    async (request) => {
      if (!(await updateRule(app.db, request.projectId, request.params.ruleId, request.body))) throw new HttpError(404, 'not_found', 'no such alert rule');
      await request.audit({ action: 'alert.rule_changed', target: { type: 'alert_rule', id: request.params.ruleId }, changes: { ...request.body } });
      return oneRule(request, request.params.ruleId);
    },
  );

  app.delete(
    '/v1/alerts/rules/:ruleId',
    {
      config: { access: 'admin' },
      schema: { ...common, summary: 'Delete an alert rule (the alerts it fired stay in the list)', params: AlertRuleParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      if (!(await deleteRule(app.db, request.projectId, request.params.ruleId))) throw new HttpError(404, 'not_found', 'no such alert rule');
      await request.audit({ action: 'alert.rule_deleted', target: { type: 'alert_rule', id: request.params.ruleId } });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/alerts/preview',
    {
      config: { access: 'read' },
      schema: {
        ...common,
        summary: 'Preview a rule against the last 30 days',
        description: 'The days on which a rule of this kind and these thresholds would have fired (an episode began), and each alert with its evidence. Nothing is saved or sent.',
        body: AlertPreviewRequest,
        response: { 200: AlertPreviewResponse, ...errors },
      },
    },
    async (request) => {
      const params = checkParams(request.body.kind, request.body.params);
      const rule = { projectId: request.projectId, id: '', name: 'preview', kind: request.body.kind, params, email: false, webhookId: null, paused: false };
      return previewRule(app.db, rule, app.alerts.now());
    },
  );

  app.get(
    '/v1/alerts/events',
    {
      config: { access: 'read' },
      schema: { ...common, summary: 'The alerts fired, newest first (kept 90 days)', querystring: AlertEventsQuery, response: { 200: AlertEventsResponse, ...errors } },
    },
    async (request) => ({ events: await listAlertEvents(app.db, request.projectId, { ruleId: request.query.ruleId, limit: request.query.limit ?? 50 }) }),
  );

  app.put(
    '/v1/alerts/rules/:ruleId/subscription',
    {
      config: { access: 'read' },
      schema: { ...common, summary: "Subscribe yourself to a rule's mail", params: AlertRuleParams, response: { 200: SubscriptionResponse, ...errors } },
    },
    async (request) => {
      // Another project's rule is not found, whoever asks.
      await oneRule(request, request.params.ruleId);
      const userId = personOf(request);
      if (!(await setSubscription(app.db, request.projectId, request.params.ruleId, userId, true))) throw new HttpError(404, 'not_found', 'no such alert rule');
      return { ruleId: request.params.ruleId, subscribed: true };
    },
  );

  app.delete(
    '/v1/alerts/rules/:ruleId/subscription',
    {
      config: { access: 'read' },
      schema: { ...common, summary: "Unsubscribe yourself from a rule's mail", params: AlertRuleParams, response: { 200: SubscriptionResponse, ...errors } },
    },
    async (request) => {
      // Another project's rule is not found, whoever asks.
      await oneRule(request, request.params.ruleId);
      const userId = personOf(request);
      if (!(await setSubscription(app.db, request.projectId, request.params.ruleId, userId, false))) throw new HttpError(404, 'not_found', 'no such alert rule');
      return { ruleId: request.params.ruleId, subscribed: false };
    },
  );

  app.get(
    '/v1/alerts/digest',
    { config: { access: 'read' }, schema: { ...common, summary: 'Your digest settings in this project', response: { 200: DigestSettings, ...errors } } },
    async (request) => digestSettings(app.db, request.projectId, personOf(request), mailEnabled()),
  );

  app.put(
    '/v1/alerts/digest',
    {
      config: { access: 'read' },
      schema: {
        ...common,
        summary: 'Choose your digest: the period report by mail, daily or weekly, at your hour in your time zone',
        description: 'hour 0–23 and weekday 1–7 out of range: 400 threshold_out_of_range; an unknown time zone: 400 invalid_time_zone.',
        body: UpdateDigestSettingsRequest,
        response: { 200: DigestSettings, ...errors },
      },
    },
    async (request) => updateDigestSettings(app.db, request.projectId, personOf(request), request.body, app.alerts.now(), mailEnabled()),
  );
};

export default alerts;
