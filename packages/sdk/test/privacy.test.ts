import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createClient, OPT_OUT_KEY, type ClientOptions, type Event, type FeedloopClient, type KeyValueStore } from '../src/index.js';

/** A Web Storage stand-in whose keys the test can list. */
function mapStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** A real HTTP endpoint recording every request; `answers` are used in order, then 200. */
let server: Server;
let endpoint: string;
const received: { path: string; events: Event[]; body: Record<string, unknown> }[] = [];
const answers: { status: number; retryAfter?: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = JSON.parse(text);
      received.push({ path: request.url!, events: body.events ?? [], body });
      const answer = answers.shift() ?? { status: 200 };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.retryAfter ? { 'retry-after': answer.retryAfter } : {}) });
      response.end(JSON.stringify(answer.status == 200 ? { accepted: body.events?.length ?? 0, duplicates: 0, rejected: [], updates: [] } : { code: 'busy' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const clients: FeedloopClient[] = [];
afterEach(() => {
  clients.splice(0).forEach((client) => client.destroy());
  received.length = 0;
  answers.length = 0;
  vi.unstubAllGlobals();
});

function setup(options: Partial<ClientOptions> = {}, local = mapStore(), session = mapStore()) {
  const client = createClient({ key: 'pk_privacy', endpoint, feature: 'checkout', flushDelay: 10, storage: local, sessionStorage: session, ...options });
  clients.push(client);
  return { client, local, session };
}

const sent = () => received.flatMap((request) => request.events);
const sentTypes = () => sent().map((event) => event.type);
const thumbs = { rating: { scale: 'thumbs' as const, value: 1 } };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('optOut()', () => {
  test('drops the queued events unsent, retries included; nothing is stored but the choice', async () => {
    answers.push({ status: 503, retryAfter: '1' }); // the first attempt fails, a retry waits 1 s
    const { client, local, session } = setup({ experiments: { cta: 'green' } });
    client.feedback({ ...thumbs, comment: 'first' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(client.pending()).toBe(2); // the exposure and the feedback wait for the retry
    expect(local.map.size).toBeGreaterThan(1);

    client.optOut();
    expect(client.pending()).toBe(0);
    expect(client.optedOut()).toBe(true);
    expect([...local.map.keys()]).toEqual([OPT_OUT_KEY]);
    expect(session.map.size).toBe(0);

    // Nothing made while opted out is queued, stored or sent, and the retry finds nothing.
    client.feedback({ ...thumbs, comment: 'while opted out' });
    client.exposure('layout', 'b');
    expect(client.pending()).toBe(0);
    await client.flush();
    await wait(1500);
    expect(received).toHaveLength(1);
    expect([...local.map.keys()]).toEqual([OPT_OUT_KEY]);
    expect(session.map.size).toBe(0);
    // Asking for updates would send an id: it is not asked.
    expect(await client.updates()).toEqual([]);
    expect(received).toHaveLength(1);
  });

  test('is persisted: a later client of the same browser sends nothing', async () => {
    const first = setup();
    first.client.optOut();
    const { client, local } = setup({ experiments: { cta: 'green' } }, first.local, first.session);
    expect(client.optedOut()).toBe(true);
    client.feedback(thumbs);
    await client.flush();
    expect(received).toHaveLength(0);
    expect([...local.map.keys()]).toEqual([OPT_OUT_KEY]);
  });

  test('optIn() sends again, under a new anonymous id', async () => {
    const { client, local } = setup();
    client.feedback({ ...thumbs, comment: 'before' });
    await client.flush();
    const before = sent()[0]!.anonymousId;
    client.optOut();
    client.optIn();
    expect(client.optedOut()).toBe(false);
    expect(local.map.has(OPT_OUT_KEY)).toBe(false);
    client.feedback({ ...thumbs, comment: 'after' });
    await client.flush();
    expect(sent().map((event) => (event as { comment?: string }).comment)).toEqual(['before', 'after']);
    const after = sent()[1]!.anonymousId;
    expect(after).not.toBe(before);
    expect(JSON.parse(local.map.get('feedloop:anonymousId')!)).toBe(after);
  });
});

describe('forget()', () => {
  test('empties the queue unsent and forgets the ids and markers; a new id is made next time', async () => {
    answers.push({ status: 503, retryAfter: '1' });
    const { client, local, session } = setup({ experiments: { cta: 'green' } });
    client.feedback(thumbs);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const old = received[0]!.events[0]!;
    expect(client.hasSubmitted()).toBe(true);

    client.forget();
    expect(client.pending()).toBe(0);
    expect(client.hasSubmitted()).toBe(false);
    expect(local.map.size).toBe(0);
    expect(session.map.size).toBe(0);
    await wait(1500);
    expect(received).toHaveLength(1); // the retry found nothing

    client.feedback(thumbs);
    client.exposure('cta', 'green'); // exposed again: the marker was forgotten too
    await client.flush();
    const [feedback, exposure] = received.slice(1).flatMap((request) => request.events);
    expect(feedback!.anonymousId).not.toBe(old.anonymousId);
    expect(feedback!.sessionId).not.toBe(old.sessionId);
    expect(exposure).toMatchObject({ type: 'exposure', anonymousId: feedback!.anonymousId });
    expect(client.optedOut()).toBe(false);
  });

  test('keeps the opt-out choice', () => {
    const { client, local } = setup();
    client.optOut();
    client.forget();
    expect(client.optedOut()).toBe(true);
    expect([...local.map.keys()]).toEqual([OPT_OUT_KEY]);
  });
});

describe('Global Privacy Control', () => {
  test('exposures are not sent; feedback is', async () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const { client } = setup({ experiments: { cta: 'green' } });
    client.exposure('layout', 'b');
    client.feedback(thumbs);
    await client.flush();
    expect(sentTypes()).toEqual(['feedback']);
    // The variants still ride on the feedback: they describe what the user saw, not who.
    expect(sent()[0]!.experiments).toEqual({ cta: 'green', layout: 'b' });
  });

  test('unless the host says the user consented, as an option or a call', async () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const { client } = setup({ experiments: { cta: 'green' }, consent: true });
    await client.flush();
    expect(sentTypes()).toEqual(['exposure']);

    const later = setup({ key: 'pk_other', experiments: { cta: 'green' } }, mapStore(), mapStore()).client;
    await later.flush();
    expect(sentTypes()).toEqual(['exposure']);
    later.consent(true);
    later.exposure('cta', 'green'); // not marked as exposed while refused: it goes now
    await later.flush();
    expect(sentTypes()).toEqual(['exposure', 'exposure']);
  });
});

describe('consent mode', () => {
  test('pending: nothing is stored and no exposure is sent; feedback is sent from memory', async () => {
    const { client, local, session } = setup({ consent: 'pending', experiments: { cta: 'green' } });
    client.exposure('layout', 'b');
    client.feedback({ ...thumbs, comment: 'typed while pending' });
    expect(client.hasSubmitted()).toBe(true); // in memory, for this page
    await client.flush();
    expect(sentTypes()).toEqual(['feedback']);
    expect(local.map.size).toBe(0);
    expect(session.map.size).toBe(0);
    expect(client.pending()).toBe(0);
  });

  test('consent(true): the held exposures are sent with the ids the browser now keeps', async () => {
    const { client, local, session } = setup({ consent: 'pending', experiments: { cta: 'green' } });
    client.feedback(thumbs);
    await client.flush();
    expect(local.map.size + session.map.size).toBe(0);
    const { anonymousId, sessionId } = sent()[0]!;

    client.consent(true);
    await client.flush();
    expect(sentTypes()).toEqual(['feedback', 'exposure']);
    expect(sent()[1]).toMatchObject({ experiment: 'cta', variant: 'green', anonymousId, sessionId });
    expect(JSON.parse(local.map.get('feedloop:anonymousId')!)).toBe(anonymousId);
    expect(JSON.parse(session.map.get('feedloop:exposed')!)).toEqual(['cta=green']);
    client.exposure('cta', 'green'); // once per session
    await client.flush();
    expect(sent()).toHaveLength(2);
  });

  test('consent(true) keeps undelivered feedback: it moves from memory to the stored queue', async () => {
    answers.push({ status: 503, retryAfter: '60' });
    const { client, local } = setup({ consent: 'pending' });
    const event = client.feedback(thumbs);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(local.map.size).toBe(0);
    client.consent(true);
    expect(JSON.parse(local.map.get('feedloop:queue:pk_privacy')!).map((e: Event) => e.id)).toEqual([event.id]);
    expect(client.pending()).toBe(1);
  });

  test('consent(false): the held exposures are dropped, and what an earlier consent stored is removed', async () => {
    const pending = setup({ consent: 'pending', experiments: { cta: 'green' } });
    pending.client.consent(false);
    pending.client.feedback(thumbs);
    await pending.client.flush();
    expect(sentTypes()).toEqual(['feedback']);
    expect(pending.local.map.size + pending.session.map.size).toBe(0);

    // A browser that consented before, then withdraws: its exposures queued are dropped unsent.
    answers.push({ status: 503, retryAfter: '60' });
    const earlier = setup({ key: 'pk_earlier', experiments: { cta: 'green' } }, mapStore(), mapStore());
    earlier.client.feedback({ ...thumbs, comment: 'mine' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(earlier.local.map.size).toBeGreaterThan(0);
    earlier.client.consent(false);
    expect(earlier.local.map.size + earlier.session.map.size).toBe(0);
    await earlier.client.flush();
    expect(received[2]!.events.map((event) => event.type)).toEqual(['feedback']); // the feedback still goes
    expect(earlier.local.map.size + earlier.session.map.size).toBe(0);
  });

  test('the script tag passes data-consent as text', async () => {
    const { client, local } = setup({ consent: 'pending' as const, experiments: { cta: 'green' } });
    const asText = setup({ key: 'pk_text', consent: 'false', experiments: { cta: 'green' } }, mapStore(), mapStore());
    await Promise.all([client.flush(), asText.client.flush()]);
    expect(received).toHaveLength(0);
    expect(local.map.size + asText.local.map.size).toBe(0);
  });

  test('an opted-out browser stays so when consent is given', async () => {
    const { client, local } = setup({ consent: 'pending' });
    client.optOut();
    client.consent(true);
    client.feedback(thumbs);
    await client.flush();
    expect(received).toHaveLength(0);
    expect([...local.map.keys()]).toEqual([OPT_OUT_KEY]);
  });
});

test('an id is made only when an event needs one: a client that sends nothing stores nothing', () => {
  const { local, session } = setup();
  expect(local.map.size + session.map.size).toBe(0);
});
