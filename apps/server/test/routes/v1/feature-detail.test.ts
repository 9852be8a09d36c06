import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { feedbackEvent, startTestApp, type TestApp } from '../../support/app.js';
import { expectClose, get, send } from '../../support/query.js';
import { expectAggregatesConsistent } from '../../support/verify.js';

let t: TestApp;
let project: CreatedProject;
let other: CreatedProject;
const DAY = 86_400_000;
const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z').getTime();
/** Noon UTC, n days ago. */
const noon = (n: number) => new Date(today - n * DAY + 12 * 3_600_000).toISOString();
const dayOf = (n: number) => new Date(today - n * DAY).toISOString().slice(0, 10);

const nps = (promoters: number, passives: number, detractors: number, timestamp: string, feature = 'survey') =>
  [...Array(promoters).fill(10), ...Array(passives).fill(7), ...Array(detractors).fill(3)].map((value) =>
    feedbackEvent({ feature, timestamp, rating: { scale: 'nps', value } }),
  );

beforeAll(async () => {
  t = await startTestApp();
  project = await t.project('Detail');
  other = await t.project('Other');
  await send(t.app, project.publicKey, [
    // stars 1..5 over three days: mean 3, sd √2.5, t-interval 3 ± t(0.975, 4)·√2.5/√5
    feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 1 }, timestamp: noon(2), comment: 'slow', category: 'bug' }),
    feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 2 }, timestamp: noon(2) }),
    feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 3 }, timestamp: noon(1), category: 'idea' }),
    feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 4 }, timestamp: noon(0), comment: 'better', category: 'bug' }),
    feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 5 }, timestamp: noon(0) }),
    feedbackEvent({ feature: 'search', rating: undefined, timestamp: new Date(Date.parse(noon(0)) + 60_000).toISOString(), comment: 'newest' }),
    // NPS 50/30/20 before, 60/25/15 after a release 8 days ago at 10:00 (docs/statistics.md examples)
    ...nps(50, 30, 20, noon(12)),
    ...nps(60, 25, 15, noon(5)),
    feedbackEvent({ feature: 'checkout/step-1', rating: { scale: 'thumbs', value: 1 } }),
  ]);
  await send(t.app, other.publicKey, [feedbackEvent({ feature: 'search', rating: { scale: 'stars', value: 1 } })]);
});
afterAll(() => t.close());

describe('GET /v1/features/:feature', () => {
  it('summarises with intervals, a daily series with gaps filled, the distribution, categories and comments', async () => {
    const response = await get(t.app, project.secretKey, `/v1/features/search?from=${dayOf(3)}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ feature: 'search', count: 6, comments: 3, interval: 'day' });
    expect(body.ratings.stars).toEqual({ count: 5, mean: 3 });
    const stars = body.statistics.stars;
    expect(stars.mean).toBe(3);
    expectClose(stars.standardDeviation, Math.sqrt(2.5));
    const half = 2.7764451051977987 * Math.sqrt(2.5 / 5); // t(0.975, 4), SciPy t.ppf
    expectClose(stars.ci.lower, 3 - half);
    expectClose(stars.ci.upper, 3 + half);
    expect(body.series.map((p: { start: string; count: number }) => [p.start, p.count])).toEqual([
      [dayOf(3), 0],
      [dayOf(2), 2],
      [dayOf(1), 1],
      [dayOf(0), 3],
    ]);
    expect(body.distribution).toEqual({ stars: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 } });
    expect(body.categories).toEqual({ bug: 2, idea: 1, praise: 0, question: 0, other: 0 });
    expect(body.latestComments.map((c: { comment: string }) => c.comment)).toEqual(['newest', 'better', 'slow']);
    expect(body.latestComments[1]).toMatchObject({ rating: { scale: 'stars', value: 4 }, category: 'bug' });
    await expectAggregatesConsistent(t);
  });

  it('groups by ISO week (Mondays) and limits comments', async () => {
    const body = (await get(t.app, project.secretKey, '/v1/features/search?interval=week&comments=1')).json();
    const weeks = body.series.map((p: { start: string }) => p.start);
    for (const start of weeks) expect(new Date(`${start}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(body.series.reduce((s: number, p: { count: number }) => s + p.count, 0)).toBe(6);
    expect(body.latestComments).toHaveLength(1);
  });

  it('gives NPS with its interval (50/30/20 → 30, 95 % CI 14.69 to 45.31)', async () => {
    const body = (await get(t.app, project.secretKey, `/v1/features/survey?from=${dayOf(13)}&to=${dayOf(10)}`)).json();
    expect(body.statistics.nps).toMatchObject({ count: 100, promoters: 50, passives: 30, detractors: 20, score: 30 });
    expectClose(body.statistics.nps.ci.lower, 14.692191924957328);
    expectClose(body.statistics.nps.ci.upper, 45.30780807504267);
  });

  it('accepts URL-encoded names with a slash', async () => {
    const response = await get(t.app, project.secretKey, '/v1/features/checkout%2Fstep-1');
    expect(response.statusCode).toBe(200);
    expect(response.json().ratings.thumbs.count).toBe(1);
  });

  it('404 for a feature never seen, zeros for a known one outside the range; isolation; auth', async () => {
    expect((await get(t.app, project.secretKey, '/v1/features/nothing')).json().code).toBe('not_found');
    const empty = (await get(t.app, project.secretKey, '/v1/features/search?from=2020-01-01&to=2020-01-03')).json();
    expect(empty).toMatchObject({ count: 0, lastAt: null, statistics: {} });
    expect(empty.series).toHaveLength(2);
    const theirs = (await get(t.app, other.secretKey, '/v1/features/search')).json();
    expect(theirs.count).toBe(1);
    expect(theirs.latestComments).toEqual([]);
    expect((await get(t.app, other.secretKey, '/v1/features/survey')).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v1/features/search' })).statusCode).toBe(401);
    expect((await get(t.app, project.secretKey, '/v1/features/search?interval=month')).json().code).toBe('invalid_query');
  });
});

describe('releases and GET /v1/features/:feature/compare', () => {
  it('records releases (unique version) and lists them newest first', async () => {
    const post = (body: unknown, key = project.secretKey) =>
      t.app.inject({ method: 'POST', url: '/v1/releases', headers: { authorization: `Bearer ${key}` }, payload: body as object });
    const at = new Date(today - 8 * DAY + 10 * 3_600_000).toISOString();
    const created = await post({ version: '2.0.0', releasedAt: at, features: ['survey'], notes: 'New survey' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ version: '2.0.0', releasedAt: at, features: ['survey'], notes: 'New survey' });
    expect((await post({ version: '1.0.0', releasedAt: '2026-01-01T00:00:00Z' })).statusCode).toBe(201);
    const again = await post({ version: '2.0.0' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    expect((await post({ version: '' })).statusCode).toBe(400);
    expect((await post({ version: '2.0.0' }, other.secretKey)).statusCode).toBe(201);
    const list = (await get(t.app, project.secretKey, '/v1/releases')).json().releases;
    expect(list.map((r: { version: string }) => r.version)).toEqual(['2.0.0', '1.0.0']);
  });

  it('compares the days before and after a release (NPS 50/30/20 → 60/25/15: +15, p = 0.1633)', async () => {
    const response = await get(t.app, project.secretKey, '/v1/features/survey/compare?release=2.0.0&days=7');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.release.version).toBe('2.0.0');
    // Released at 10:00: its own day belongs to neither window.
    expect(body.before).toMatchObject({ from: dayOf(15), to: dayOf(8), count: 100 });
    expect(body.after).toMatchObject({ from: dayOf(7), to: dayOf(0), count: 100 });
    const [npsComparison] = body.comparisons;
    expect(npsComparison.metric).toBe('nps');
    expectClose(npsComparison.absolute.estimate, 15);
    expectClose(npsComparison.absolute.ci.lower, -6.086698615367574);
    expectClose(npsComparison.absolute.ci.upper, 36.086698615367574);
    expectClose(npsComparison.pValue, 0.16325171243303715);
    expect(npsComparison.verdict).toBe('no_detectable_difference');
  });

  it('compares two explicit windows, and explains a missing release or window', async () => {
    const query = `beforeFrom=${dayOf(13)}&beforeTo=${dayOf(11)}&afterFrom=${dayOf(6)}&afterTo=${dayOf(4)}`;
    const body = (await get(t.app, project.secretKey, `/v1/features/survey/compare?${query}`)).json();
    expect([body.before.count, body.after.count, body.release]).toEqual([100, 100, null]);
    expect((await get(t.app, project.secretKey, '/v1/features/survey/compare?release=9.9')).statusCode).toBe(404);
    expect((await get(t.app, project.secretKey, '/v1/features/survey/compare?beforeFrom=2026-01-01')).statusCode).toBe(400);
    // Another project's release of the same version does not leak its windows.
    expect((await get(t.app, other.secretKey, '/v1/features/survey/compare?release=2.0.0')).json().before.count).toBe(0);
  });
});

describe('OpenAPI', () => {
  it('documents every analytics route from the protocol schemas', async () => {
    const { paths } = (await t.app.inject({ url: '/docs/json' })).json();
    for (const path of ['/v1/features/{feature}', '/v1/features/{feature}/compare', '/v1/experiments', '/v1/experiments/{experiment}', '/v1/feedback', '/v1/releases']) {
      expect(paths[path], path).toBeDefined();
    }
    expect(paths['/v1/experiments/{experiment}'].get.responses['200'].content['application/json'].schema.properties.comparisons).toBeDefined();
  });
});
