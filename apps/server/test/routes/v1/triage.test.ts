import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { computeUserHash } from '../../../src/services/updates/identity.js';
import { feedbackEvent, ORIGIN, startTestApp, type TestApp } from '../../support/app.js';
import { get, send } from '../../support/query.js';

let t: TestApp;
let a: CreatedProject;
let b: CreatedProject;
const ids = { mine: '', mine2: '', theirs: '', other: '', user: '' };

function patch(key: string, id: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'PATCH',
    url: `/v1/feedback/${id}`,
    headers: { authorization: `Bearer ${key}`, ...headers },
    payload: body as object,
  });
}
function bulk(key: string, body: unknown) {
  return t.app.inject({ method: 'POST', url: '/v1/feedback/bulk', headers: { authorization: `Bearer ${key}` }, payload: body as object });
}
function updates(key: string, body: unknown, origin = ORIGIN, path = '/v1/updates') {
  return t.app.inject({
    method: 'POST',
    url: path,
    headers: { 'x-feedloop-key': key, origin, 'content-type': 'text/plain' },
    payload: JSON.stringify(body),
  });
}

beforeAll(async () => {
  t = await startTestApp();
  a = await t.project('A');
  b = await t.project('B');
  const events = [
    feedbackEvent({ anonymousId: 'browser-1', comment: `<img src=x onerror=alert(1)> ${'long '.repeat(60)}` }),
    feedbackEvent({ anonymousId: 'browser-1', feature: 'search', comment: 'second' }),
    feedbackEvent({ anonymousId: 'browser-2', comment: 'someone else' }),
    feedbackEvent({ anonymousId: 'browser-3', userId: 'user-42', comment: 'from another device' }),
  ];
  [ids.mine, ids.mine2, ids.theirs, ids.user] = events.map((e) => e.id as string) as [string, string, string, string];
  await send(t.app, a.publicKey, events);
  const other = feedbackEvent({ anonymousId: 'browser-1' });
  ids.other = other.id as string;
  await send(t.app, b.publicKey, [other]);
});
afterAll(() => t.close());

describe('PATCH /v1/feedback/:id', () => {
  it('changes status, reply, link and tags, and records who changed what from what (the authenticated actor, never a typed name)', async () => {
    const response = await patch(
      a.secretKey,
      ids.mine,
      { status: 'planned', publicReply: '  Coming in May  ', issueUrl: 'https://tracker.example.com/FL-12', tags: ['ux', 'UX', ' checkout '] },
      { 'x-feedloop-actor': encodeURIComponent('Zoë <script>') },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: ids.mine,
      status: 'planned',
      publicReply: 'Coming in May',
      issueUrl: 'https://tracker.example.com/FL-12',
      tags: ['ux', 'checkout'],
    });
    expect(response.json().submitterNotifiedAt).not.toBeNull();

    const again = await patch(a.secretKey, ids.mine, { status: 'done', addTags: ['shipped'], removeTags: ['UX'], actor: 'Ada' });
    expect(again.json()).toMatchObject({ status: 'done', tags: ['checkout', 'shipped'] });

    const trail = (await get(t.app, a.secretKey, `/v1/feedback/${ids.mine}/triage`)).json();
    expect(trail.audit).toHaveLength(2);
    expect(trail.audit[0]).toMatchObject({
      actor: `secret key ${a.secretKey.slice(0, 7)}…`,
      actorType: 'key',
      keyHint: a.secretKey.slice(0, 7) + '…',
      changes: {
        status: { from: 'new', to: 'planned' },
        publicReply: { from: null, to: 'Coming in May' },
        issueUrl: { from: null, to: 'https://tracker.example.com/FL-12' },
        tags: { from: [], to: ['ux', 'checkout'] },
      },
    });
    expect(trail.audit[0].keyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(trail.audit[1]).toMatchObject({ actor: `secret key ${a.secretKey.slice(0, 7)}…`, changes: { status: { from: 'planned', to: 'done' } } });
    expect(JSON.stringify(trail.audit)).not.toMatch(/Ada|Zoë/);

    // The analytics list sees the new status.
    const list = (await get(t.app, a.secretKey, '/v1/feedback?status=done')).json();
    expect(list.feedback.map((f: { id: string }) => f.id)).toEqual([ids.mine]);
  });

  it('refuses unsafe links, unknown statuses and empty changes', async () => {
    for (const body of [
      { issueUrl: 'javascript:alert(1)' },
      { issueUrl: 'data:text/html,<script>alert(1)</script>' },
      { status: 'shipped' },
      {},
      { tags: ['a'], addTags: ['b'] },
      { tags: ['bad\u0007tag'] },
      { publicReply: 'x'.repeat(2001) },
    ]) {
      const response = await patch(a.secretKey, ids.mine2, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await patch(a.publicKey, ids.mine2, { status: 'planned' })).statusCode).toBe(403);
    expect((await patch('sk_nope', ids.mine2, { status: 'planned' })).statusCode).toBe(401);
  });

  it("never touches another project's items", async () => {
    const response = await patch(b.secretKey, ids.mine2, { status: 'declined' });
    expect(response.statusCode).toBe(404);
    expect((await get(t.app, b.secretKey, `/v1/feedback/${ids.mine2}/triage`)).statusCode).toBe(404);
    const many = await bulk(b.secretKey, { ids: [ids.mine2, ids.theirs, ids.other], changes: { status: 'declined' } });
    expect(many.json()).toMatchObject({ updated: 1, notFound: [ids.mine2, ids.theirs].sort() });
    const state = (await get(t.app, a.secretKey, `/v1/feedback/${ids.mine2}/triage`)).json();
    expect(state).toMatchObject({ status: 'new', audit: [] });
    // B's own item did change.
    expect((await get(t.app, b.secretKey, `/v1/feedback/${ids.other}/triage`)).json().status).toBe('declined');
  });
});

describe('POST /v1/feedback/bulk', () => {
  it('applies one change to many items in one go, and only real changes are audited', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const first = await bulk(a.secretKey, { ids: [ids.mine2, ids.theirs, missing], changes: { status: 'acknowledged', addTags: ['triaged'] } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ updated: 2, unchanged: 0, notFound: [missing] });
    const second = await bulk(a.secretKey, { ids: [ids.mine2, ids.theirs], changes: { status: 'acknowledged', addTags: ['triaged'] } });
    expect(second.json()).toMatchObject({ updated: 0, unchanged: 2 });
    const trail = (await get(t.app, a.secretKey, `/v1/feedback/${ids.theirs}/triage`)).json();
    expect(trail.audit).toHaveLength(1);
    expect((await bulk(a.secretKey, { ids: [], changes: { status: 'done' } })).statusCode).toBe(400);
  });
});

describe('the submitter hears back (POST /v1/updates)', () => {
  it("returns only this browser's unseen updates, with only what the submitter may see", async () => {
    const response = await updates(a.publicKey, { anonymousId: 'browser-1' });
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json().updates;
    expect(list.map((u: { id: string }) => u.id).sort()).toEqual([ids.mine, ids.mine2].sort());
    const done = list.find((u: { id: string }) => u.id === ids.mine);
    expect(Object.keys(done).sort()).toEqual(['excerpt', 'feature', 'id', 'publicReply', 'status', 'submittedAt', 'updatedAt']);
    expect(done).toMatchObject({ status: 'done', publicReply: 'Coming in May', feature: 'checkout' });
    expect(done.excerpt).toHaveLength(140);
    expect(response.body).not.toContain('tracker.example.com');
    expect(response.body).not.toContain('triaged');
    // B's item of the same anonymous id is not A's business.
    expect(response.body).not.toContain(ids.other);
    expect((await updates(a.publicKey, { anonymousId: 'browser-9' })).json().updates).toEqual([]);
  });

  it('marks updates seen, only the caller’s own, and shows them again after a new change', async () => {
    const foreign = await updates(a.publicKey, { anonymousId: 'browser-9', ids: [ids.mine] }, ORIGIN, '/v1/updates/seen');
    expect(foreign.json()).toEqual({ seen: 0 });
    const seen = await updates(a.publicKey, { anonymousId: 'browser-1', ids: [ids.mine, ids.mine2, ids.theirs] }, ORIGIN, '/v1/updates/seen');
    expect(seen.json()).toEqual({ seen: 2 });
    expect((await updates(a.publicKey, { anonymousId: 'browser-1' })).json().updates).toEqual([]);
    // Tags and links are not news for the submitter; a reply is.
    await patch(a.secretKey, ids.mine, { addTags: ['later'] });
    expect((await updates(a.publicKey, { anonymousId: 'browser-1' })).json().updates).toEqual([]);
    await patch(a.secretKey, ids.mine, { publicReply: 'Shipped today!' });
    const back = (await updates(a.publicKey, { anonymousId: 'browser-1' })).json().updates;
    expect(back).toMatchObject([{ id: ids.mine, publicReply: 'Shipped today!' }]);
    expect((await get(t.app, a.secretKey, `/v1/feedback/${ids.mine}/triage`)).json().submitterSeenAt).not.toBeNull();
  });

  it('finds a signed-in user’s items from any browser when the host app vouches with the HMAC', async () => {
    await patch(a.secretKey, ids.user, { status: 'in_progress' });
    const userHash = computeUserHash(a.secretKey, 'user-42');
    const vouched = await updates(a.publicKey, { anonymousId: 'browser-new', userId: 'user-42', userHash });
    expect(vouched.json().updates).toMatchObject([{ id: ids.user, status: 'in_progress' }]);
    const forged = await updates(a.publicKey, { anonymousId: 'browser-new', userId: 'user-42', userHash: computeUserHash(b.secretKey, 'user-42') });
    expect(forged.statusCode).toBe(401);
    expect((await updates(a.publicKey, { anonymousId: 'browser-new', userId: 'user-42' })).statusCode).toBe(400);
    // Without the HMAC the user id is not trusted: nothing for this browser.
    expect((await updates(a.publicKey, { anonymousId: 'browser-new' })).json().updates).toEqual([]);
  });

  it('applies the public key and origin rules of POST /v1/events', async () => {
    expect((await updates(a.publicKey, { anonymousId: 'browser-1' }, 'https://evil.example.com')).statusCode).toBe(403);
    expect((await updates(a.secretKey, { anonymousId: 'browser-1' })).statusCode).toBe(403);
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/v1/updates?key=${a.publicKey}`,
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
  });
});

describe('OpenAPI', () => {
  it('documents the loop endpoints', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const path of ['/v1/feedback/{id}', '/v1/feedback/bulk', '/v1/feedback/{id}/triage', '/v1/webhooks', '/v1/updates', '/v1/updates/seen', '/v1/stream', '/v1/report']) {
      expect(paths).toContain(path);
    }
  });
});
