import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { feedbackEvent, getFeatures, postEvents, startTestApp, type TestApp } from '../../support/app.js';

describe('group commit', () => {
  let t: TestApp;
  let project: CreatedProject;
  beforeAll(async () => {
    // A short collection window makes the grouping independent of how fast this machine is.
    t = await startTestApp({ FEEDLOOP_RATE_LIMIT_PER_MINUTE: '0', FEEDLOOP_FLUSH_INTERVAL_MS: '100' });
    project = await t.project();
  });
  afterAll(() => t.close());

  it('writes the events of concurrent requests in fewer transactions, answering each after its commit', async () => {
    const requests = 60;
    const answers = await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        postEvents(t.app, project.publicKey, [feedbackEvent({ feature: `f${i % 3}` }), feedbackEvent({ feature: `f${i % 3}` })]),
      ),
    );
    expect(answers.every((a) => a.statusCode === 200 && a.json().accepted === 2)).toBe(true);
    const metrics = (await t.app.inject('/metrics')).body;
    const flushes = Number(/feedloop_flush_batch_events_count (\d+)/.exec(metrics)?.[1]);
    expect(flushes).toBeGreaterThan(0);
    expect(flushes).toBeLessThan(requests);
    const features = (await getFeatures(t.app, project.secretKey)).json().features;
    expect(features.reduce((n: number, f: { count: number }) => n + f.count, 0)).toBe(requests * 2);
  });

  it('stores an id sent by concurrent requests exactly once', async () => {
    const event = feedbackEvent({ feature: 'race' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => postEvents(t.app, project.publicKey, [event])));
    expect(answers.map((a) => a.json().accepted).reduce((a, b) => a + b, 0)).toBe(1);
    const race = (await getFeatures(t.app, project.secretKey)).json().features.find((f: { feature: string }) => f.feature === 'race');
    expect(race.count).toBe(1);
  });
});

describe('a full buffer', () => {
  let t: TestApp;
  let project: CreatedProject;
  beforeAll(async () => {
    // A long collection window: all six requests arrive before the first flush frees the buffer.
    t = await startTestApp({ FEEDLOOP_BUFFER_MAX_EVENTS: '4', FEEDLOOP_FLUSH_INTERVAL_MS: '1000', FEEDLOOP_RATE_LIMIT_PER_MINUTE: '0' });
    project = await t.project();
  });
  afterAll(() => t.close());

  it('refuses with 503 overloaded and Retry-After, and stores exactly what it acknowledged', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => postEvents(t.app, project.publicKey, [feedbackEvent(), feedbackEvent()])),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([200, 200, 503, 503, 503, 503]);
    const refused = answers.find((a) => a.statusCode === 503)!;
    expect(refused.json().code).toBe('overloaded');
    expect(refused.headers['retry-after']).toBe('1');
    const features = (await getFeatures(t.app, project.secretKey)).json().features;
    expect(features[0].count).toBe(4);
  });
});
