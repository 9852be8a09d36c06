import type { Event, MarkSeenResponse, UpdatesResponse } from '@feedloop/protocol';
import { KEY_QUERY } from '@feedloop/protocol/http';
import type { EventMaker } from './events.js';
import type { Queue } from './queue.js';
import type { ClientOptions, FeedloopClient } from './types.js';

/** Set in localStorage once this browser has given feedback: only such browsers have updates to ask for. */
export const SUBMITTED_KEY = 'feedloop:submitted';

export type UpdatesApi = Pick<FeedloopClient, 'identify' | 'hasSubmitted' | 'updates' | 'markSeen'>;

/**
 * What the submitter hears back, on an `attachEvents`: `updates()` asks `POST /v1/updates` for this
 * browser's items that changed (by its anonymous id, plus the signed-in user's items when the host
 * app vouched for the user id with `identify(userId, userHash)`), `markSeen(ids)` tells the service
 * they were shown. Both send the key in the query and a text/plain body, so a cross-origin page
 * needs no CORS preflight; the anonymous id stays in the body, out of URLs and access logs.
 * `hasSubmitted()` says whether asking is worth a request.
 */
export function addUpdates({ client, common }: Pick<EventMaker, 'client' | 'common'>, { local, queued, on }: Pick<Queue, 'local' | 'queued' | 'on'>, options: ClientOptions): UpdatesApi {
  const base = (options.endpoint ?? '').replace(/\/+$/, '');
  // The user id the hash vouches for: a later identify() of another user drops it.
  let vouched = options.userId && options.userHash ? { userId: options.userId, userHash: options.userHash } : undefined;

  const mark = (event: Event) => void (event.type == 'feedback' && local.save(SUBMITTED_KEY, 1));
  // The script tag attaches this in its core chunk, which may come after feedback was queued: that counts too.
  queued().forEach(mark);
  on('queued', mark);

  async function post<T>(path: string, body: object): Promise<T> {
    const { anonymousId, userId } = common();
    const identity = vouched && vouched.userId == userId ? { anonymousId, ...vouched } : { anonymousId };
    const response = await (options.fetch ?? fetch)(`${base}${path}?${KEY_QUERY}=${encodeURIComponent(options.key)}`, {
      method: 'POST',
      body: JSON.stringify({ ...identity, ...body }), // a string body is sent as text/plain: no preflight
      credentials: 'omit',
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw Error(`feedloop: ${path} answered ${response.status} ${answer.code ?? ''}`.trim());
    return answer;
  }

  return {
    identify(userId, userHash) {
      client.identify(userId);
      vouched = userId && userHash ? { userId, userHash } : undefined;
    },
    hasSubmitted: () => !!local.load(SUBMITTED_KEY, 0),
    updates: async () => (await post<UpdatesResponse>('/v1/updates', {})).updates,
    markSeen: async (ids) => (ids[0] ? (await post<MarkSeenResponse>('/v1/updates/seen', { ids })).seen : 0),
  };
}
