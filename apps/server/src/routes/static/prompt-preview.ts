import type { FastifyPluginAsync } from 'fastify';

/**
 * The prompt preview's Content-Security-Policy. The page is meant to run in the dashboard's
 * `<iframe sandbox="allow-scripts">` (an opaque origin: no cookies, no storage, no access to the
 * dashboard); `sandbox allow-scripts` here keeps it so even when it is opened on its own. It runs
 * only the service's scripts (its own and the widget's) and may connect nowhere: the widget it
 * shows gets its one prompt from the page (a stand-in `fetch`), and anything the widget would send
 * (the display, the answer, a beacon) is refused by the browser itself.
 */
export const PROMPT_PREVIEW_CSP = [
  'sandbox allow-scripts',
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/*
 * No inline script or style; paths are relative to /v1/prompt-preview, so the page works under any
 * prefix the service is mounted at. The script comes from the dashboard's build
 * (apps/dashboard/src/preview/prompt-preview.ts).
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prompt preview</title>
<script src="../dashboard/prompt-preview.js" defer></script>
</head>
<body>
<main>
<p id="preview-status">Waiting for the prompt to preview…</p>
</main>
</body>
</html>
`;

/**
 * The page the dashboard frames to preview a prompt with the real widget (docs/prompts.md,
 * "Preview"). It holds no data: the definition comes from the dashboard by postMessage, so
 * anyone may load it.
 */
const promptPreview: FastifyPluginAsync = async (app) => {
  app.get(
    '/v1/prompt-preview',
    {
      config: { access: 'public' },
      schema: {
        tags: ['prompts'],
        summary: 'The page that previews a prompt with the real widget, framed by the dashboard (HTML)',
        description:
          'An empty page, sandboxed by its own Content-Security-Policy, that loads the widget with the one prompt the ' +
          'framing dashboard posts to it (postMessage) and connects nowhere: nothing is sent or stored.',
      },
    },
    async (_request, reply) =>
      reply
        .header('content-security-policy', PROMPT_PREVIEW_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(PAGE),
  );
};

export default promptPreview;
