import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  CreatePromptRequest,
  ErrorResponse,
  KEY_HEADER,
  KEY_QUERY,
  Prompt,
  PromptDocument,
  PromptParams,
  PromptResultsQuery,
  PromptResultsResponse,
  PromptsResponse,
  PROMPT_DOCUMENT_MAX_AGE,
  UpdatePromptRequest,
} from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { etagMatches, PromptDocumentCache } from '../../../services/prompts/document.js';
import { createPrompt, deletePrompt, findPrompt, listPrompts, updatePrompt } from '../../../services/prompts/prompts.js';
import { promptResults } from '../../../services/prompts/results.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/**
 * Prompts (docs/prompts.md): admins define them, browsers read the active ones as one cached
 * document, readers see what came of one. The document's cache lives here, so that every change
 * made through these routes drops it at once.
 */
const prompts: FastifyPluginAsyncTypebox = async (app) => {
  const documents = new PromptDocumentCache(app.db);
  const common = { tags: ['prompts'] };
  const notFound = (id: string) => new HttpError(404, 'not_found', `no prompt ${id} in this project`);

  app.get(
    '/v1/prompts',
    { config: { access: 'admin' }, schema: { ...common, summary: "The project's prompts, newest first", response: { 200: PromptsResponse, ...errors } } },
    async (request) => ({ prompts: await listPrompts(app.db, request.projectId) }),
  );

  app.post(
    '/v1/prompts',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Define a prompt',
        description:
          'Out of range (sample above 100 %, negative days, a question longer than 200 characters, …): 400 invalid_body. ' +
          'A route pattern that is not one: 400 invalid_route_pattern. Other rules (default locale worded, a condition in when, ' +
          'variant with experiment, two decimals of samplePercent): 400 invalid_prompt. Wording is stored as given and shown as text.',
        body: CreatePromptRequest,
        response: { 201: Prompt, ...errors },
      },
    },
    async (request, reply) => {
      const prompt = await createPrompt(app.db, request.projectId, request.body);
      documents.invalidate(request.projectId);
      await request.audit({ action: 'prompt.created', target: { type: 'prompt', id: prompt.id }, changes: { name: prompt.name, status: prompt.status } });
      return reply.code(201).send(prompt);
    },
  );

  app.get(
    '/v1/prompts/:promptId',
    { config: { access: 'admin' }, schema: { ...common, summary: 'A prompt', params: PromptParams, response: { 200: Prompt, ...errors } } },
    async (request) => (await findPrompt(app.db, request.projectId, request.params.promptId)) ?? Promise.reject(notFound(request.params.promptId)),
  );

  app.patch(
    '/v1/prompts/:promptId',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Change a prompt (pause it: {"status": "paused"})',
        description: 'The fields given replace the stored ones (objects whole); the result is checked as on creation.',
        params: PromptParams,
        body: UpdatePromptRequest,
        response: { 200: Prompt, ...errors },
      },
    },
    async (request) => {
      const { promptId } = request.params;
      const prompt = await updatePrompt(app.db, request.projectId, promptId, request.body);
      if (!prompt) throw notFound(promptId);
      documents.invalidate(request.projectId);
      await request.audit({ action: 'prompt.updated', target: { type: 'prompt', id: prompt.id }, changes: { fields: Object.keys(request.body) } });
      return prompt;
    },
  );

  app.delete(
    '/v1/prompts/:promptId',
    {
      config: { access: 'admin' },
      schema: {
        ...common,
        summary: 'Delete a prompt and its display events',
        description: 'Its answers stay: they are feedback (carrying the prompt id).',
        params: PromptParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { promptId } = request.params;
      if (!(await deletePrompt(app.db, request.projectId, promptId))) throw notFound(promptId);
      documents.invalidate(request.projectId);
      await request.audit({ action: 'prompt.deleted', target: { type: 'prompt', id: promptId.toLowerCase() } });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/prompts/:promptId/results',
    {
      config: { access: 'read' },
      schema: {
        ...common,
        summary: 'What came of a prompt: displays, dismissals, answers, response rate and ratings, per day and per variant',
        description:
          'Users counted by their first display (its UTC day and variants) with everything they did with the prompt. Per variant of ' +
          'every experiment the displayed users were in: the response rate (Wilson interval) and the ratings, compared with the ' +
          'control as the experiment comparison does (two-proportion z, the scale’s test, Holm across variants, minimum samples, a ' +
          'verdict in words). Computed from the raw events at query time. See docs/prompts.md.',
        params: PromptParams,
        querystring: PromptResultsQuery,
        response: { 200: PromptResultsResponse, ...errors },
      },
    },
    async (request) => {
      const { from, to, minCount = 30, control } = request.query;
      const fromDate = from === undefined ? undefined : new Date(from);
      const toDate = to === undefined ? undefined : new Date(to);
      if (fromDate && toDate && fromDate >= toDate) throw new HttpError(400, 'invalid_query', '"from" must be before "to"');
      const results = await promptResults(app.db, request.projectId, request.params.promptId, { from: fromDate, to: toDate, minCount, control });
      if (!results) throw notFound(request.params.promptId);
      return results;
    },
  );

  // The browser document: a public key from an allowed origin, CORS like /v1/events.
  await app.register(async (browser) => {
    browser.addHook('onRequest', app.browserCors);
    browser.get(
      '/v1/prompt-document',
      {
        config: { access: 'browser' },
        schema: {
          ...common,
          summary: "The project's active prompts, for the widget",
          description:
            `Strong ETag (If-None-Match: 304 Not Modified), Cache-Control: max-age=${PROMPT_DOCUMENT_MAX_AGE}, Vary: Origin; ` +
            'Access-Control-Allow-Origin for the project’s allowed origins (another origin: 403 origin_not_allowed). ' +
            `Send the key as ?${KEY_QUERY}= (no custom header: no CORS preflight). Paused prompts are not in it.`,
          querystring: Type.Object({ [KEY_QUERY]: Type.Optional(Type.String({ description: 'Public key' })) }),
          headers: Type.Object({ [KEY_HEADER]: Type.Optional(Type.String()) }),
          response: { 200: PromptDocument, 304: Type.Null({ description: 'Not modified: the ETag sent is current.' }), ...errors },
        },
      },
      async (request, reply) => {
        const document = await documents.get(request.projectId);
        reply.header('etag', document.etag).header('cache-control', `max-age=${PROMPT_DOCUMENT_MAX_AGE}`);
        if (etagMatches(request.headers['if-none-match'], document.etag)) return reply.code(304).send();
        return reply.type('application/json; charset=utf-8').send(document.body);
      },
    );
  });
};

export default prompts;
