import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CreatedProject } from '../src/services/projects/projects.js';
import { feedbackEvent, ORIGIN, startTestApp, type TestApp } from './support/app.js';

// The same contract over a real TCP socket, as browsers and the CLI reach it.
let t: TestApp;
let project: CreatedProject;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  project = await t.project();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

it('ingests over HTTP and reads the feature back', async () => {
  const sent = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-feedloop-key': project.publicKey, origin: ORIGIN },
    body: JSON.stringify({ events: [feedbackEvent({ feature: 'socket' }), feedbackEvent({ feature: 'socket' })] }),
  });
  expect(sent.status).toBe(200);
  expect(sent.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  expect(await sent.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });

  const read = await fetch(`${base}/v1/features?freshAfter=now`, { headers: { authorization: `Bearer ${project.secretKey}` } });
  expect(read.status).toBe(200);
  const { features } = await read.json();
  expect(features[0]).toMatchObject({ feature: 'socket', count: 2, ratings: { thumbs: { count: 2, positive: 2 } } });
});

it('answers a beacon over HTTP', async () => {
  const sent = await fetch(`${base}/v1/events?key=${project.publicKey}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ events: [feedbackEvent()] }),
  });
  expect(sent.status).toBe(200);
  expect((await sent.json()).accepted).toBe(1);
});

it('refuses an oversized body without reading it all', async () => {
  const sent = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-feedloop-key': project.publicKey },
    body: JSON.stringify({ events: [feedbackEvent({ comment: 'y'.repeat(200_000) })] }),
  });
  expect(sent.status).toBe(413);
  expect((await sent.json()).code).toBe('payload_too_large');
});
