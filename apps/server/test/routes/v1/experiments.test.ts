import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { exposureEvent, feedbackEvent, startTestApp, type TestApp } from '../../support/app.js';
import { expectClose, get, send } from '../../support/query.js';
import { expectAggregatesConsistent } from '../../support/verify.js';

/**
 * One experiment built so that its statistics are the stats engine's documented reference values
 * (docs/statistics.md, test/stats/reference/scipy-values.json), or SciPy values noted inline:
 * - control: 263 exposed users, 81 gave feedback (80 thumbs, 48 up; 1 comment only)
 * - b:       148 exposed users, 15 gave feedback (14 users × 5 thumbs = 70, 56 up; 1 comment only)
 * - c:        40 exposed users, 20 gave feedback (20 thumbs, 10 up)
 */
const EXPERIMENT = 'checkout-button';
let t: TestApp;
let project: CreatedProject;
let other: CreatedProject;

function arm(variant: string, prefix: string, exposed: number, thumbs: (0 | 1)[][], commentOnly: number) {
  const experiments = { [EXPERIMENT]: variant };
  const events: unknown[] = [];
  for (let i = 0; i < exposed; i++) {
    events.push(exposureEvent({ experiment: EXPERIMENT, variant, anonymousId: `${prefix}${i}`, experiments }));
  }
  thumbs.forEach((values, user) => {
    for (const value of values) {
      events.push(feedbackEvent({ experiments, anonymousId: `${prefix}${user}`, feature: 'checkout', rating: { scale: 'thumbs', value } }));
    }
  });
  for (let j = 0; j < commentOnly; j++) {
    events.push(feedbackEvent({ experiments, anonymousId: `${prefix}${thumbs.length + j}`, feature: 'search', rating: undefined, comment: 'hm' }));
  }
  return events;
}

const ups = (n: number, total: number) => Array.from({ length: total }, (_, i) => (i < n ? 1 : 0) as 0 | 1);

beforeAll(async () => {
  t = await startTestApp();
  project = await t.project('Experiments');
  other = await t.project('Other');
  const control = arm('control', 'c', 263, ups(48, 80).map((v) => [v]), 1);
  const bThumbs = ups(56, 70);
  const b = arm('b', 'b', 148, Array.from({ length: 14 }, (_, u) => bThumbs.slice(u * 5, u * 5 + 5)), 1);
  const c = arm('c', 'x', 40, ups(10, 20).map((v) => [v]), 0);
  await send(t.app, project.publicKey, [...control, ...b, ...c]);
  await send(t.app, other.publicKey, [exposureEvent({ experiment: 'secret-test', variant: 'a' })]);
});
afterAll(() => t.close());

describe('GET /v1/experiments', () => {
  it('lists experiments with exposures, distinct users and feedback per variant', async () => {
    const response = await get(t.app, project.secretKey, '/v1/experiments');
    expect(response.statusCode).toBe(200);
    const { experiments } = response.json();
    expect(experiments).toHaveLength(1);
    expect(experiments[0].experiment).toBe(EXPERIMENT);
    expect(experiments[0].variants).toEqual([
      { variant: 'b', exposures: 148, exposedUsers: 148, feedbackUsers: 15, feedback: 71 },
      { variant: 'c', exposures: 40, exposedUsers: 40, feedbackUsers: 20, feedback: 20 },
      { variant: 'control', exposures: 263, exposedUsers: 263, feedbackUsers: 81, feedback: 81 },
    ]);
    await expectAggregatesConsistent(t);
  });

  it("never shows another project's experiments", async () => {
    const theirs = (await get(t.app, other.secretKey, '/v1/experiments')).json().experiments;
    expect(theirs.map((e: { experiment: string }) => e.experiment)).toEqual(['secret-test']);
    expect((await get(t.app, other.secretKey, `/v1/experiments/${EXPERIMENT}`)).statusCode).toBe(404);
  });
});

describe('GET /v1/experiments/:experiment', () => {
  it('summarises each variant with 95 % intervals (Wilson: Newcombe 1998a, Table I)', async () => {
    const body = (await get(t.app, project.secretKey, `/v1/experiments/${EXPERIMENT}`)).json();
    expect(body.control).toBe('control');
    const [b, , control] = body.variants;
    expect(control.feedbackRate).toMatchObject({ count: 263, positive: 81 });
    expectClose(control.feedbackRate.ci.lower, 0.2552885198782742);
    expectClose(control.feedbackRate.ci.upper, 0.36620957698280004);
    expectClose(b.feedbackRate.ci.lower, 0.06238639953073629);
    expectClose(b.feedbackRate.ci.upper, 0.16048724172330803);
    expect(control.ratings.thumbs).toMatchObject({ count: 80, positive: 48, rate: 0.6 });
  });

  it('compares each treatment with the control: differences, intervals, p-values, Holm, verdicts', async () => {
    const body = (await get(t.app, project.secretKey, `/v1/experiments/${EXPERIMENT}`)).json();
    const [b, c] = body.comparisons;
    expect([b.variant, c.variant]).toEqual(['b', 'c']);
    const bThumbs = b.metrics.find((m: { metric: string }) => m.metric === 'thumbs');
    // Reference "48/80 vs 56/70" (Newcombe 1998b, Table II, method 1; SciPy chi2_contingency).
    expectClose(bThumbs.absolute.estimate, 0.2);
    expectClose(bThumbs.absolute.ci.lower, 0.05750489914903714);
    expectClose(bThumbs.absolute.ci.upper, 0.342495100850963);
    expectClose(bThumbs.pValue, 0.008045081368196585);
    expectClose(bThumbs.relative.estimate, 1 / 3);
    expectClose(bThumbs.relative.ci.lower, 0.048200529570093575);
    expectClose(bThumbs.relative.ci.upper, 0.6184661370965734);
    // Holm over {b, c}: c's raw p (SciPy, 48/80 vs 10/20) = 0.4176868199784872.
    const cThumbs = c.metrics.find((m: { metric: string }) => m.metric === 'thumbs');
    expectClose(cThumbs.pValue, 0.4176868199784872);
    expectClose(bThumbs.pValueAdjusted, 2 * 0.008045081368196585);
    expectClose(cThumbs.pValueAdjusted, 0.4176868199784872);
    expect(bThumbs.verdict).toBe('better');
    expect(bThumbs.explanation).toMatch(/^Variant "b" is better than the control "control"/);
    expect(cThumbs.verdict).toBe('not_enough_data');

    // Feedback rate: 15/148 and 20/40 against 81/263 (two-proportion z-test, SciPy).
    const bRate = b.metrics.find((m: { metric: string }) => m.metric === 'feedbackRate');
    const cRate = c.metrics.find((m: { metric: string }) => m.metric === 'feedbackRate');
    expectClose(bRate.statistic, -4.752688538523141);
    expectClose(bRate.pValue, 2.0072944202557026e-6);
    expectClose(cRate.pValue, 0.01639081490383603);
    expectClose(bRate.pValueAdjusted, 2 * 2.0072944202557026e-6);
    expectClose(cRate.pValueAdjusted, 0.01639081490383603);
    expect(bRate.verdict).toBe('worse');
    expect(cRate.verdict).toBe('better');
  });

  it('flags a sample-ratio mismatch on exposed users, against an equal or a given split', async () => {
    const equal = (await get(t.app, project.secretKey, `/v1/experiments/${EXPERIMENT}`)).json().srm;
    expect(equal.variants).toEqual(['b', 'c', 'control']);
    expect(equal.observed).toEqual([148, 40, 263]);
    expectClose(equal.chiSquare, 165.450110864745); // SciPy chisquare([263, 148, 40])
    expectClose(equal.pValue, 1.1829459741168633e-36, 4);
    expect(equal.flagged).toBe(true);
    const planned = (await get(t.app, project.secretKey, `/v1/experiments/${EXPERIMENT}?weights=control:263,b:148,c:40`)).json().srm;
    expect(planned.chiSquare).toBeCloseTo(0, 10);
    expect(planned.flagged).toBe(false);
  });

  it('takes the control and a feature from the query, and a minimum count per arm', async () => {
    const body = (await get(t.app, project.secretKey, `/v1/experiments/${EXPERIMENT}?control=b&feature=checkout&minCount=10`)).json();
    expect(body.control).toBe('b');
    expect(body.feature).toBe('checkout');
    // Per feature: the comment-only users (feature "search") no longer count.
    expect(body.variants.map((v: { feedbackUsers: number }) => v.feedbackUsers)).toEqual([14, 20, 80]);
    const cThumbs = body.comparisons[0].metrics.find((m: { metric: string }) => m.metric === 'thumbs');
    expect(body.comparisons[0].variant).toBe('c');
    expect(cThumbs.verdict).not.toBe('not_enough_data');
  });

  it('answers 400 for an unknown control or bad weights, 404 for an unknown experiment', async () => {
    const control = await get(t.app, project.secretKey, `/v1/experiments/${EXPERIMENT}?control=nope`);
    expect(control.statusCode).toBe(400);
    expect(control.json().code).toBe('invalid_query');
    expect((await get(t.app, project.secretKey, `/v1/experiments/${EXPERIMENT}?weights=a`)).statusCode).toBe(400);
    expect((await get(t.app, project.secretKey, '/v1/experiments/unknown')).json().code).toBe('not_found');
    expect((await get(t.app, project.secretKey, `/v1/experiments/${EXPERIMENT}?from=2020-01-01&to=2020-01-02`)).statusCode).toBe(404);
  });

  it('needs the secret key', async () => {
    expect((await t.app.inject({ url: `/v1/experiments/${EXPERIMENT}` })).statusCode).toBe(401);
    expect((await get(t.app, project.publicKey, '/v1/experiments')).statusCode).toBe(403);
  });
});
