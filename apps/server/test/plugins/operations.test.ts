import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../src/services/projects/projects.js';
import { feedbackEvent, postEvents, startTestApp, type TestApp } from '../support/app.js';

describe('rate limiting', () => {
  let t: TestApp;
  let project: CreatedProject;
  beforeAll(async () => {
    t = await startTestApp({ FEEDLOOP_RATE_LIMIT_PER_MINUTE: '3' });
    project = await t.project();
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited with Retry-After past the limit, per key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await postEvents(t.app, project.publicKey, [feedbackEvent()])).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await postEvents(t.app, project.publicKey, [feedbackEvent()]);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const other = await t.project('Other');
    expect((await postEvents(t.app, other.publicKey, [feedbackEvent()])).statusCode).toBe(200);
  });

  it('does not limit static files or health checks', async () => {
    for (let i = 0; i < 5; i++) expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });
});

describe('metrics and headers', () => {
  let t: TestApp;
  let project: CreatedProject;
  beforeAll(async () => {
    t = await startTestApp();
    project = await t.project();
  });
  afterAll(() => t.close());

  it('exposes ingest outcomes, flush histograms and buffer depth in Prometheus format', async () => {
    await postEvents(t.app, project.publicKey, [feedbackEvent(), feedbackEvent({ id: 'bad' })]);
    const response = await t.app.inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toMatch(/feedloop_events_total\{outcome="accepted",code=""\} 1/);
    expect(text).toMatch(/feedloop_events_total\{outcome="rejected",code="invalid_id"\} 1/);
    expect(text).toMatch(/feedloop_flush_batch_events_count 1/);
    expect(text).toContain('feedloop_flush_duration_seconds_bucket');
    expect(text).toMatch(/feedloop_buffer_events 0/);
    expect(text).toContain('feedloop_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/events",status="200"}');
  });

  it('sets security headers on what browsers render, not on the JSON API', async () => {
    for (const url of ['/docs', '/widget/feedloop.js', '/dashboard/']) {
      const response = await t.app.inject(url);
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['strict-transport-security'], url).toContain('max-age=');
    }
    expect((await t.app.inject('/docs/static/index.html')).headers['x-frame-options']).toBe('SAMEORIGIN');
    const api = await t.app.inject('/healthz');
    expect(api.headers['strict-transport-security']).toBeUndefined();
  });
});
