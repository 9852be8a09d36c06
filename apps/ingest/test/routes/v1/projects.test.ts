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

  it('401 without the admin token, or with a project key', async () => {
    const { secretKey } = (await create({ name: 'X' })).json();
    for (const token of ['', 'wrong-token-wrong-token', secretKey]) {
      const response = await create({ name: 'Nope' }, token);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('unauthorized');
    }
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
