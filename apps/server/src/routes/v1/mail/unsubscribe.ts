import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponse, UnsubscribeQuery } from '@feedloop/protocol';
import { HttpError } from '../../../http-error.js';
import { escapeHtml } from '../../../services/mail/templates.js';
import { unsubscribe, verifyUnsubscribeToken } from '../../../services/mail/unsubscribe.js';

const errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

/** The page may only style itself and post its one form back here. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32em;margin:3em auto;padding:0 1em;line-height:1.5}button{font:inherit;padding:.5em 1em}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/**
 * One-click unsubscribe (RFC 8058), public: the token in the link is the credential. GET shows a
 * page with one button (a GET never unsubscribes: mail scanners follow links); POST unsubscribes,
 * from that button or straight from the mail client (List-Unsubscribe-Post), with any body.
 */
const unsubscribeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Mail clients post List-Unsubscribe=One-Click as a form (urlencoded or multipart): the body
  // says nothing the token does not, so it is read as text and only tells the page's button apart.
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, body));
  }
  const common = { tags: ['mail'], querystring: UnsubscribeQuery, produces: ['text/html'] };
  const invalid = () => new HttpError(400, 'invalid_token', 'this unsubscribe link is not valid (was it cut short?)');
  const html = (reply: import('fastify').FastifyReply, text: string) =>
    reply.header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(text);

  app.get(
    '/v1/mail/unsubscribe',
    {
      config: { access: 'public' },
      schema: { ...common, summary: 'The unsubscribe page (a button; the GET itself changes nothing)', response: { 200: Type.String(), ...errors } },
    },
    async (request, reply) => {
      const verified = await verifyUnsubscribeToken(app.db, request.query.token);
      if (!verified) throw invalid();
      const action = `?token=${encodeURIComponent(request.query.token)}`;
      return html(
        reply,
        page(
          'Unsubscribe',
          `<p>Stop all mail from ${escapeHtml(verified.projectName)} about your feedback?</p>` +
            `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="from" value="page"><button type="submit">Unsubscribe</button></form>`,
        ),
      );
    },
  );

  app.post(
    '/v1/mail/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        ...common,
        summary: 'Unsubscribe (one click, RFC 8058)',
        description: "The mail's List-Unsubscribe URL; the body (List-Unsubscribe=One-Click) may be form-encoded, multipart or empty.",
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const fromPage = typeof request.body === 'string' && /(^|&)from=page(&|$)/u.test(request.body);
      const done = await unsubscribe(app.db, request.query.token, fromPage ? 'page' : 'one-click');
      if (!done) throw invalid();
      return html(reply, page('Unsubscribed', `<p>You will get no more mail from ${escapeHtml(done.projectName)} about your feedback.</p>`));
    },
  );
};

export default unsubscribeRoutes;
