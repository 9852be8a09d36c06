import { describe, expect, test } from 'vitest';
import { createClient, memoryStore, SUBMITTED_KEY, type ClientOptions } from '../src/index.js';

interface Call {
  url: string;
  init: RequestInit;
  body: Record<string, unknown>;
}

/** A client whose requests are recorded and answered by `answer` (path → [status, body]). */
function setup(answer: (path: string) => [number, unknown], options: Partial<ClientOptions> = {}) {
  const calls: Call[] = [];
  const storage = memoryStore();
  const anonymousId = 'c6f0a3d2-5b1e-4f7a-9c2d-0e8b7a6f5d4c'; // a browser that gave feedback before
  storage.setItem('feedloop:anonymousId', JSON.stringify(anonymousId));
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init, body: JSON.parse(init.body as string) });
    const [status, body] = answer(new URL(url).pathname);
    return new Response(JSON.stringify(body), { status });
  }) as typeof globalThis.fetch;
  const client = createClient({
    key: 'pk_1',
    endpoint: 'https://feedback.example.com/',
    feature: 'checkout',
    flushDelay: 60_000, // keep the event queue out of the recorded requests
    storage,
    sessionStorage: memoryStore(),
    fetch,
    ...options,
  });
  return { client, calls, storage, anonymousId };
}

const update = { id: '0f8e3c4a-1b2c-4d5e-8f90-123456789abc', feature: 'checkout', status: 'planned', publicReply: 'May', excerpt: 'Quick', submittedAt: '', updatedAt: '' };

describe('the submitter hears back', () => {
  test('a browser has submitted once it queued feedback, and remembers it across clients', () => {
    const { client, storage } = setup(() => [200, {}]);
    expect(client.hasSubmitted()).toBe(false);
    client.exposure('cta', 'green'); // an exposure is not feedback
    expect(client.hasSubmitted()).toBe(false);
    client.feedback({ rating: { scale: 'thumbs', value: 1 } });
    expect(client.hasSubmitted()).toBe(true);
    expect(storage.getItem(SUBMITTED_KEY)).toBe('1');
    client.destroy();
    const next = createClient({ key: 'pk_1', storage, sessionStorage: memoryStore(), fetch: () => new Promise(() => {}) });
    expect(next.hasSubmitted()).toBe(true);
    next.destroy();
  });

  test('feedback queued before the updates part was attached counts (the script tag attaches it when idle)', () => {
    const storage = memoryStore();
    storage.setItem('feedloop:queue:pk_1', JSON.stringify([{ type: 'feedback', id: 'x' }]));
    const client = createClient({ key: 'pk_1', storage, sessionStorage: memoryStore(), fetch: () => new Promise(() => {}) });
    expect(client.hasSubmitted()).toBe(true);
    client.destroy();
  });

  test('updates() posts the anonymous id as text/plain with the key in the query (no preflight)', async () => {
    const { client, calls, anonymousId } = setup(() => [200, { updates: [update] }]);
    expect(await client.updates()).toEqual([update]);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe('https://feedback.example.com/v1/updates?key=pk_1');
    expect(call!.init.method).toBe('POST');
    expect(call!.init.headers).toBeUndefined(); // a string body goes as text/plain: a "simple" request
    expect(typeof call!.init.body).toBe('string');
    expect(call!.body).toEqual({ anonymousId });
    client.destroy();
  });

  test('identify(userId, userHash) adds the vouched-for user; another user without a hash drops it', async () => {
    const hash = 'a'.repeat(64);
    const { client, calls, anonymousId } = setup(() => [200, { updates: [] }]);
    client.identify('user-42'); // no hash: the user id is not sent
    await client.updates();
    client.identify('user-42', hash);
    await client.updates();
    client.identify('user-7');
    await client.updates();
    expect(calls.map((call) => call.body)).toEqual([{ anonymousId }, { anonymousId, userId: 'user-42', userHash: hash }, { anonymousId }]);
    client.destroy();
  });

  test('userId and userHash can come with the options', async () => {
    const hash = 'b'.repeat(64);
    const { client, calls, anonymousId } = setup(() => [200, { updates: [] }], { userId: 'u-1', userHash: hash });
    await client.updates();
    expect(calls[0]!.body).toEqual({ anonymousId, userId: 'u-1', userHash: hash });
    client.destroy();
  });

  test('markSeen(ids) posts the ids and answers how many were marked; no ids, no request', async () => {
    const { client, calls, anonymousId } = setup(() => [200, { seen: 1 }]);
    expect(await client.markSeen([])).toBe(0);
    expect(calls).toHaveLength(0);
    expect(await client.markSeen([update.id])).toBe(1);
    expect(calls[0]!.url).toBe('https://feedback.example.com/v1/updates/seen?key=pk_1');
    expect(calls[0]!.body).toEqual({ anonymousId, ids: [update.id] });
    client.destroy();
  });

  test('an error answer rejects with its status and code', async () => {
    const { client } = setup(() => [401, { code: 'unauthorized', message: 'no' }]);
    await expect(client.updates()).rejects.toThrow('feedloop: /v1/updates answered 401 unauthorized');
    client.destroy();
  });
});
