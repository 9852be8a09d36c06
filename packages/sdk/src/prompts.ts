import type { PromptDocument } from '@feedloop/protocol';
import { KEY_QUERY } from '@feedloop/protocol/http';
import type { ClientOptions, FeedloopClient } from './types.js';

/** How long the widget waits for the prompt document before giving up (nothing is shown then). */
const DOCUMENT_TIMEOUT_MS = 10_000;

/**
 * The project's prompt document (`GET /v1/prompt-document?key=…`, docs/prompts.md): a simple
 * request (the key in the query, no custom header, no credentials), so no CORS preflight, and the
 * browser's HTTP cache answers it within its max-age and revalidates it with its ETag.
 */
export const addPrompts = (options: ClientOptions): Pick<FeedloopClient, 'promptDocument'> => ({
  async promptDocument() {
    const base = (options.endpoint ?? '').replace(/\/+$/, '');
    const response = await (options.fetch ?? fetch)(`${base}/v1/prompt-document?${KEY_QUERY}=${encodeURIComponent(options.key)}`, {
      credentials: 'omit',
      signal: AbortSignal.timeout?.(DOCUMENT_TIMEOUT_MS),
    });
    if (!response.ok) throw Error(`feedloop: /v1/prompt-document answered ${response.status}`);
    return response.json();
  },
});
