import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { feedbackEvent, getFeatures, postEvents, startTestApp, type TestApp } from '../../support/app.js';
import { expectAggregatesConsistent } from '../../support/verify.js';

let t: TestApp;
let project: CreatedProject;
let other: CreatedProject;

const day = (iso: string) => new Date(iso).toISOString();
const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  project = await t.project('Shop');
  other = await t.project('Other shop');
  const events = [
    // checkout: thumbs 3 up / 1 down, NPS 10, 9, 8, 3 (2 promoters, 1 passive, 1 detractor)
    ...[1, 1, 1, 0].map((value) => feedbackEvent({ feature: 'checkout', rating: { scale: 'thumbs', value } })),
    ...[10, 9, 8, 3].map((value) => feedbackEvent({ feature: 'checkout', rating: { scale: 'nps', value } })),
    feedbackEvent({ feature: 'checkout', rating: undefined, comment: 'Where is PayPal?', category: 'idea' }),
    // search: stars 5, 4, 2 and emoji 3; one of them 3 days old
    feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 5 }, comment: 'fast' }),
    feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 4 } }),
    feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 2 }, timestamp: hoursAgo(72) }),
    feedbackEvent({ feature: 'search', rating: { scale: 'emoji', value: 3 } }),
  ];
  expect((await postEvents(t.app, project.publicKey, events)).json().accepted).toBe(events.length);
  await postEvents(t.app, other.publicKey, [feedbackEvent({ feature: 'other-secret-feature' })]);
});
afterAll(() => t.close());
// Every write scenario leaves the rollups equal to their recomputation from the raw rows.
afterEach(() => expectAggregatesConsistent(t));

describe('GET /v1/features', () => {
  it('summarises every feature and rating scale', async () => {
    const response = await getFeatures(t.app, project.secretKey);
    expect(response.statusCode).toBe(200);
    const { features } = response.json();
    expect(features.map((f: { feature: string }) => f.feature)).toEqual(['checkout', 'search']);
    const [checkout, search] = features;
    expect(checkout).toMatchObject({
      count: 9,
      comments: 1,
      ratings: {
        thumbs: { count: 4, positive: 3, positiveRate: 0.75 },
        nps: { count: 4, promoters: 2, passives: 1, detractors: 1, score: 25 },
      },
    });
    expect(search.count).toBe(4);
    expect(search.comments).toBe(1);
    expect(search.ratings.stars.count).toBe(3);
    expect(search.ratings.stars.mean).toBeCloseTo(11 / 3, 10);
    expect(search.ratings.emoji).toEqual({ count: 1, mean: 3 });
    expect(Date.parse(checkout.lastAt)).toBeGreaterThan(now - 60_000);
  });

  it('limits to a time range (whole UTC days)', async () => {
    const from = new Date(now - 24 * 3_600_000).toISOString().slice(0, 10);
    const { features } = (await getFeatures(t.app, project.secretKey, `?from=${from}`)).json();
    const search = features.find((f: { feature: string }) => f.feature === 'search');
    expect(search.count).toBe(3);
    expect(search.ratings.stars.count).toBe(2);

    const old = (await getFeatures(t.app, project.secretKey, `?to=${day(hoursAgo(48))}`)).json().features;
    expect(old).toHaveLength(1);
    expect(old[0]).toMatchObject({ feature: 'search', count: 1 });
  });

  it('rejects a bad range with 400 invalid_query', async () => {
    for (const query of ['?from=yesterday', '?from=2026-02-01&to=2026-01-01']) {
      const response = await getFeatures(t.app, project.secretKey, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code).toBe('invalid_query');
    }
  });

  it("never shows one project's data to another project's key", async () => {
    const mine = (await getFeatures(t.app, other.secretKey)).json().features;
    expect(mine.map((f: { feature: string }) => f.feature)).toEqual(['other-secret-feature']);
    const theirs = (await getFeatures(t.app, project.secretKey)).json().features;
    expect(theirs.map((f: { feature: string }) => f.feature)).not.toContain('other-secret-feature');
  });

  it('401 without or with an unknown key, 403 with a public key', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/v1/features' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('unauthorized');
    const unknown = await getFeatures(t.app, 'sk_doesnotexist');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('unknown_key');
    const publicKey = await getFeatures(t.app, project.publicKey);
    expect(publicKey.statusCode).toBe(403);
    expect(publicKey.json().code).toBe('wrong_key_type');
  });
});
