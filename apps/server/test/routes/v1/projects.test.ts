import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, feedbackEvent, getFeatures, postEvents, startTestApp, type TestApp } from '../../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const create = (body: unknown, token: string = ADMIN_TOKEN) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/projects',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: body as object,
  });

describe('POST /v1/projects', () => {
  it('creates a project whose keys work, storing the secret only as a hash', async () => {
    const response = await create({ name: 'Shop', allowedOrigins: ['https://App.Example.com:443/', 'http://localhost:3000'] });
    expect(response.statusCode).toBe(201);
    const { projectId, publicKey, secretKey } = response.json();
    expect(publicKey).toMatch(/^pk_[A-Za-z0-9_-]{32}$/);
    expect(secretKey).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);

    const stored = await t.database.db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow();
    expect(stored.allowed_origins).toEqual(['https://app.example.com', 'http://localhost:3000']);
    const keys = await t.database.db.selectFrom('api_keys').selectAll().where('project_id', '=', projectId).execute();
    expect(JSON.stringify(keys)).not.toContain(secretKey);

    const sent = await postEvents(t.app, publicKey, [feedbackEvent()], { origin: 'https://app.example.com' });
    expect(sent.json().accepted).toBe(1);
    expect((await getFeatures(t.app, secretKey)).json().features[0].count).toBe(1);
  });

  it('401 without the admin token, 403 with a project key', async () => {
    const { secretKey } = (await create({ name: 'X' })).json();
    for (const token of ['', 'wrong-token-wrong-token']) {
      const response = await create({ name: 'Nope' }, token);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('unauthorized');
    }
    const withKey = await create({ name: 'Nope' }, secretKey);
    expect(withKey.statusCode).toBe(403);
    expect(withKey.json().code).toBe('forbidden');
  });

  it('400 invalid_body for a bad name or origin', async () => {
    for (const body of [{}, { name: '' }, { name: 'A', allowedOrigins: ['not a url'] }, { name: 'A', allowedOrigins: ['https://a.com/path'] }]) {
      const response = await create(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('invalid_body');
    }
  });

  it('answers 401 when no admin token is configured', async () => {
    const bare = await startTestApp({ FEEDLOOP_ADMIN_TOKEN: '' });
    try {
      const response = await bare.app.inject({ method: 'POST', url: '/v1/projects', payload: { name: 'A' } });
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toContain('FEEDLOOP_ADMIN_TOKEN');
    } finally {
      await bare.close();
    }
  });
});

describe('project settings and key rotation', () => {
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  it('changes allowed origins, effective at once', async () => {
    const { projectId, publicKey } = (await create({ name: 'Origins', allowedOrigins: ['https://a.example'] })).json();
    const send = () => postEvents(t.app, publicKey, [feedbackEvent()], { origin: 'https://b.example' });
    expect((await send()).statusCode).toBe(403);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/projects/${projectId}`,
      headers: admin,
      payload: { allowedOrigins: ['https://a.example', 'https://b.example'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect((await send()).statusCode).toBe(200);
  });

  it('rotates a secret key: both work until the old one is revoked, then only the new one', async () => {
    const { projectId, secretKey: oldKey } = (await create({ name: 'Rotate' })).json();
    const added = await t.app.inject({ method: 'POST', url: `/v1/projects/${projectId}/keys`, headers: admin, payload: { kind: 'secret' } });
    expect(added.statusCode).toBe(201);
    const { key: newKey } = added.json();
    expect((await getFeatures(t.app, oldKey)).statusCode).toBe(200);
    expect((await getFeatures(t.app, newKey)).statusCode).toBe(200);

    const list = (await t.app.inject({ url: `/v1/projects/${projectId}/keys`, headers: admin })).json().keys;
    expect(list).toHaveLength(3);
    expect(JSON.stringify(list)).not.toContain(oldKey);
    const old = list.find((k: { kind: string; hint: string }) => k.kind === 'secret' && oldKey.startsWith(k.hint.slice(0, -1)));
    const revoked = await t.app.inject({ method: 'DELETE', url: `/v1/projects/${projectId}/keys/${old.id}`, headers: admin });
    expect(revoked.statusCode).toBe(204);

    const refused = await getFeatures(t.app, oldKey);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('unknown_key');
    expect((await getFeatures(t.app, newKey)).statusCode).toBe(200);
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/projects/${projectId}/keys/${old.id}`, headers: admin });
    expect(again.statusCode).toBe(404);
  });

  it('revokes a public key: its events are refused', async () => {
    const { projectId, publicKey } = (await create({ name: 'Revoke public' })).json();
    const keys = (await t.app.inject({ url: `/v1/projects/${projectId}/keys`, headers: admin })).json().keys;
    const pk = keys.find((k: { publicKey?: string }) => k.publicKey === publicKey);
    await t.app.inject({ method: 'DELETE', url: `/v1/projects/${projectId}/keys/${pk.id}`, headers: admin });
    const response = await postEvents(t.app, publicKey, [feedbackEvent()]);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unknown_key');
  });

  it('404 for an unknown project, 400 for a malformed id', async () => {
    const missing = await t.app.inject({ url: '/v1/projects/00000000-0000-4000-8000-000000000000', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    const malformed = await t.app.inject({ url: '/v1/projects/nope', headers: admin });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('invalid_params');
  });
});
