import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('reports liveness and readiness', async () => {
  expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
  const ready = await t.app.inject('/readyz');
  expect(ready.statusCode).toBe(200);
  expect(ready.json().status).toBe('ready');
});

it('serves the OpenAPI document generated from the protocol schemas', async () => {
  const doc = (await t.app.inject('/docs/json')).json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/features', '/v1/projects']));
  const body = doc.paths['/v1/events'].post.requestBody.content['application/json'].schema;
  expect(JSON.stringify(body)).toContain('anonymousId');
});

it('answers unknown routes with 404 not_found', async () => {
  const response = await t.app.inject('/v1/nothing-here');
  expect(response.statusCode).toBe(404);
  expect(response.json().code).toBe('not_found');
});
