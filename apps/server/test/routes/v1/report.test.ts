import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportResponse } from '@feedloop/protocol';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { renderHtml, renderMarkdown } from '../../../src/services/report/render.js';
import { exposureEvent, feedbackEvent, ORIGIN, startTestApp, type TestApp } from '../../support/app.js';
import { get, send } from '../../support/query.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const DAY = 86_400_000;
const today = Date.parse(new Date().toISOString().slice(0, 10));
const day = (n: number) => new Date(today + n * DAY).toISOString().slice(0, 10);
const noon = (n: number, i = 0) => new Date(today + n * DAY + 12 * 3_600_000 + i * 1000).toISOString();
const HOSTILE = '<script>alert(1)</script> *bold* | [x](javascript:alert(1))';

let t: TestApp;
let base: string;
let p: CreatedProject;
let other: CreatedProject;
let closed: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  p = await t.project('Report');
  other = await t.project('Other');
  const events: unknown[] = [];
  for (let i = 0; i < 60; i++) {
    // checkout: 20 % → 80 % thumbs up; search: 80 % → 20 %.
    events.push(feedbackEvent({ feature: 'checkout', timestamp: noon(-10, i), rating: { scale: 'thumbs', value: i % 5 === 0 ? 1 : 0 } }));
    events.push(feedbackEvent({ feature: 'checkout', timestamp: noon(-4, i), rating: { scale: 'thumbs', value: i % 5 === 0 ? 0 : 1 }, anonymousId: `c${i}` }));
    events.push(feedbackEvent({ feature: 'search', timestamp: noon(-10, i), rating: { scale: 'thumbs', value: i % 5 === 0 ? 0 : 1 } }));
    events.push(feedbackEvent({ feature: 'search', timestamp: noon(-4, i), rating: { scale: 'thumbs', value: i % 5 === 0 ? 1 : 0 } }));
    // An experiment that ran from 6 to 4 days ago.
    const variant = i % 2 ? 'control' : 'one-click';
    events.push(exposureEvent({ experiment: 'pay-button', variant, anonymousId: `x${i}`, timestamp: noon(-6, i) }));
    events.push(
      feedbackEvent({ feature: 'pay', experiments: { 'pay-button': variant }, anonymousId: `x${i}`, timestamp: noon(-4, i), rating: { scale: 'stars', value: 4 } }),
    );
  }
  const comments = ['The search is slow', 'Slow search, again!', 'Checkout was quick', 'Quick and easy checkout', 'Schnelle Suche, schön'];
  const commented = comments.map((comment, i) => feedbackEvent({ feature: 'search', comment, rating: undefined, timestamp: noon(-3, i), anonymousId: `s${i}` }));
  events.push(...commented);
  await send(t.app, p.publicKey, events);
  await send(t.app, other.publicKey, [feedbackEvent({ comment: 'slow slow slow other project', timestamp: noon(-3) })]);
  const release = await t.app.inject({
    method: 'POST',
    url: '/v1/releases',
    headers: { authorization: `Bearer ${p.secretKey}` },
    payload: { version: '2.5.0', releasedAt: `${day(-5)}T00:00:00Z`, features: ['checkout'], notes: HOSTILE },
  });
  expect(release.statusCode, release.body).toBe(201);

  // Close three items; two submitters see the update in their widget.
  closed = commented.slice(0, 3).map((e) => e.id as string);
  const bulk = await t.app.inject({
    method: 'POST',
    url: '/v1/feedback/bulk',
    headers: { authorization: `Bearer ${p.secretKey}` },
    payload: { ids: closed.slice(0, 2), changes: { status: 'done', publicReply: 'Faster now' } },
  });
  expect(bulk.json().updated).toBe(2);
  await t.app.inject({
    method: 'PATCH',
    url: `/v1/feedback/${closed[2]}`,
    headers: { authorization: `Bearer ${p.secretKey}` },
    payload: { status: 'declined' },
  });
  for (const [i, id] of closed.slice(0, 2).entries()) {
    const seen = await t.app.inject({
      method: 'POST',
      url: '/v1/updates/seen',
      headers: { 'x-feedloop-key': p.publicKey, origin: ORIGIN, 'content-type': 'application/json' },
      payload: { anonymousId: `s${i}`, ids: [id] },
    });
    expect(seen.json()).toEqual({ seen: 1 });
  }
});
afterAll(() => t.close());

async function report(query = `from=${day(-7)}&to=${day(1)}`): Promise<ReportResponse> {
  const response = await get(t.app, p.secretKey, `/v1/report?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('GET /v1/report', () => {
  it('lists the features that improved or worsened significantly against the previous period', async () => {
    const r = await report();
    expect(r).toMatchObject({ from: day(-7), to: day(1), previous: { from: day(-15), to: day(-7) } });
    expect(r.features.improved.map((f) => f.feature)).toEqual(['checkout']);
    expect(r.features.worsened.map((f) => f.feature)).toEqual(['search']);
    expect(r.features.improved[0]!.comparisons[0]).toMatchObject({ metric: 'thumbs', verdict: 'better' });
    expect(r.features.improved[0]).toMatchObject({ before: { count: 60 }, after: { count: 60 } });
    // pay only exists in this period: nothing to compare.
    expect(JSON.stringify(r.features)).not.toContain('"pay"');
    expect(r.feedback).toBe(60 * 3 + 5);
  });

  it('compares releases before/after, lists concluded experiments, terms and the loop closed', async () => {
    const r = await report();
    expect(r.releases).toHaveLength(1);
    expect(r.releases[0]).toMatchObject({ version: '2.5.0', notes: HOSTILE, features: [{ feature: 'checkout', before: { count: 60 }, after: { count: 60 } }] });
    expect(r.releases[0]!.features[0]!.comparisons[0]).toMatchObject({ metric: 'thumbs', verdict: 'better' });
    expect(r.experiments).toMatchObject([{ experiment: 'pay-button', control: 'control', firstDay: day(-6), lastDay: day(-4) }]);
    expect(r.experiments[0]!.results.length).toBeGreaterThan(0);
    // Each counted once per comment; words of one comment only (or of another project) are left out.
    expect(r.terms).toEqual(['checkout', 'quick', 'search', 'slow'].map((term) => ({ term, comments: 2 })));
    expect(r.terms.map((x) => x.term)).toEqual(expect.arrayContaining(['slow', 'search', 'checkout', 'quick']));
    expect(r.terms.find((x) => x.term === 'slow')).toEqual({ term: 'slow', comments: 2 });
    expect(r.terms.map((x) => x.term)).not.toContain('the');
    expect(r.triage).toEqual({ closed: 3, done: 2, declined: 1, replied: 2, submittersTold: 2, submittersWaiting: 1 });
  });

  it('refuses reversed or over-long periods', async () => {
    expect((await get(t.app, p.secretKey, `/v1/report?from=${day(0)}&to=${day(-3)}`)).statusCode).toBe(400);
    expect((await get(t.app, p.secretKey, `/v1/report?from=2020-01-01&to=${day(0)}`)).statusCode).toBe(400);
    expect((await get(t.app, p.secretKey, `/v1/report?from=${day(-3)}`)).statusCode).toBe(400);
    expect((await get(t.app, p.publicKey, `/v1/report?from=${day(-3)}&to=${day(0)}`)).statusCode).toBe(403);
  });

  it('renders Markdown and HTML with every piece of text escaped', async () => {
    const r = await report();
    const html = renderHtml(r);
    expect(html).not.toMatch(/<script|<a |href=/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('2 submitters were told');
    const md = renderMarkdown(r);
    expect(md).not.toContain('<script');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('\\*bold\\* \\| \\[x\\](javascript:alert(1))');
    expect(md).toContain('## Improved (keep)\n\n- checkout: thumbs up 20.0 % → 80.0 % (p = under 0.001) (60 → 60 feedback)');
  });
});

describe('pnpm feedloop report', () => {
  it.runIf(existsSync(cli))('prints the report as Markdown or HTML', async () => {
    const env = { ...process.env, FEEDLOOP_URL: base, FEEDLOOP_SECRET_KEY: p.secretKey };
    const md = await run(process.execPath, [cli, 'report', '--from', day(-7), '--to', day(1)], { env });
    expect(md.stdout).toContain(`# Feedback report ${day(-7)} – ${day(1)}`);
    expect(md.stdout).toContain('- search: thumbs up 80.0 % → 20.0 %');
    const html = await run(process.execPath, [cli, 'report', '--from', day(-7), '--to', day(1), '--format', 'html'], { env });
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).not.toContain('<script');
    await expect(run(process.execPath, [cli, 'report', '--from', day(-7)], { env })).rejects.toThrow(/--from and --to/);
  });
});
