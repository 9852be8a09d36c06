import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { csvCell } from '../../../src/services/feedback/csv.js';
import { feedbackEvent, startTestApp, type TestApp } from '../../support/app.js';
import { get, send } from '../../support/query.js';
import { expectAggregatesConsistent } from '../../support/verify.js';

let t: TestApp;
let project: CreatedProject;
let other: CreatedProject;
const base = Date.now() - 3_600_000;
/** Distinct times, microseconds included, so ordering is checked at full precision. */
const at = (i: number) => new Date(base + i * 1000).toISOString().replace('Z', `${String(i).padStart(3, '0')}Z`);

beforeAll(async () => {
  t = await startTestApp();
  project = await t.project('Feedback');
  other = await t.project('Other');
  const events = Array.from({ length: 120 }, (_, i) =>
    feedbackEvent({
      timestamp: at(i % 100), // 20 pairs share a timestamp: the id breaks the tie
      feature: i % 2 ? 'checkout' : 'search',
      rating: { scale: i % 3 ? 'stars' : 'thumbs', value: 1 },
      comment: i % 10 === 0 ? `comment ${i}` : undefined,
      category: i % 4 === 0 ? 'bug' : undefined,
      experiments: i % 5 === 0 ? { onboarding: i % 10 === 0 ? 'a' : 'b' } : undefined,
    }),
  );
  events.push(
    feedbackEvent({ feature: 'csv', rating: undefined, comment: '=HYPERLINK("http://evil","x")', email: '+1@example.com', timestamp: at(200) }),
    feedbackEvent({ feature: 'csv', rating: undefined, comment: '-2+3, "quoted"\nnext line', timestamp: at(201), metadata: { plan: '@pro' } }),
    feedbackEvent({ feature: 'csv', rating: undefined, comment: '100% sure_not a wildcard', timestamp: at(202) }),
  );
  await send(t.app, project.publicKey, events);
  await send(t.app, other.publicKey, [feedbackEvent({ feature: 'search', comment: 'other project' })]);
});
afterAll(() => t.close());

async function all(query: string, limit: number, from: string | null = null) {
  const items: { id: string; occurredAt: string }[] = [];
  let cursor: string | null = from;
  do {
    const response = await get(t.app, project.secretKey, `/v1/feedback?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.statusCode).toBe(200);
    const page = response.json();
    items.push(...page.feedback);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /v1/feedback', () => {
  it('pages newest first, each row exactly once, stable while new feedback arrives', async () => {
    const first = (await get(t.app, project.secretKey, '/v1/feedback?limit=7')).json();
    expect(first.feedback).toHaveLength(7);
    expect(first.feedback[0].feature).toBe('csv');
    expect(first.feedback[0]).toMatchObject({ status: 'new', rating: null });
    // New feedback (newer than everything) arrives between pages: later pages are unaffected.
    await send(t.app, project.publicKey, [feedbackEvent({ feature: 'late' })]);
    const rest = await all('', 7, first.nextCursor);
    const ids = [...first.feedback, ...rest].map((f: { id: string }) => f.id);
    expect(ids).toHaveLength(123);
    expect(new Set(ids).size).toBe(123);
    expect(ids).not.toContain((await get(t.app, project.secretKey, '/v1/feedback?feature=late')).json().feedback[0].id);
    const times = [...first.feedback, ...rest].map((f: { occurredAt: string }) => f.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    await expectAggregatesConsistent(t);
  });

  it('filters by feature, experiment, variant, category, rating, status, text and time', async () => {
    const count = async (query: string) => (await all(query, 1000)).length;
    expect(await count('&feature=checkout')).toBe(60);
    expect(await count('&experiment=onboarding')).toBe(24);
    expect(await count('&experiment=onboarding&variant=a')).toBe(12);
    expect(await count('&category=bug')).toBe(30);
    expect(await count('&scale=thumbs&feature=checkout')).toBe(20);
    expect(await count('&scale=stars&rating=1&feature=search')).toBe(40);
    expect(await count('&status=new&feature=csv')).toBe(3);
    expect(await count('&status=done')).toBe(0);
    expect(await count('&q=COMMENT 1')).toBe(3); // comment 10, 100, 110
    expect(await count('&q=%25 sure_')).toBe(1); // % and _ are literal
    expect(await count('&q=_')).toBe(1);
    expect(await count('&hasComment=true')).toBe(15);
    expect(await count(`&from=${encodeURIComponent(at(90))}&to=${encodeURIComponent(at(95))}`)).toBe(5);
  });

  it('rejects inconsistent filters and foreign cursors', async () => {
    for (const query of ['variant=a', 'format=csv&variant=a', 'format=ndjson&cursor=bm9wZQ', 'rating=3', 'cursor=bm9wZQ', 'limit=0', 'limit=1001', 'format=xml', 'from=2026-02-01&to=2026-01-01']) {
      const response = await get(t.app, project.secretKey, `/v1/feedback?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code).toBe('invalid_query');
    }
  });

  it("never shows another project's feedback", async () => {
    const theirs = (await get(t.app, other.secretKey, '/v1/feedback')).json().feedback;
    expect(theirs.map((f: { comment: string }) => f.comment)).toEqual(['other project']);
    const csv = (await get(t.app, other.secretKey, '/v1/feedback?format=csv')).body;
    expect(csv.trim().split('\r\n')).toHaveLength(2);
  });
});

describe('exports', () => {
  it('streams CSV with a header, RFC 4180 quoting and formula cells neutralised', async () => {
    const response = await get(t.app, project.secretKey, '/v1/feedback?format=csv&feature=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="feedback-.*\.csv"/);
    const text = response.body;
    expect(text.startsWith('id,occurred_at,received_at,feature,rating_scale,rating_value,comment,')).toBe(true);
    expect(text).toContain(`,"'-2+3, ""quoted""\nnext line",`);
    expect(text).toContain(`,"'=HYPERLINK(""http://evil"",""x"")",`);
    expect(text).toContain(`,'+1@example.com,`);
    expect(text).toContain(`"{""plan"": ""@pro""}"`);
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it('neutralises every dangerous first character', () => {
    for (const c of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${c}1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-1)).toBe('-1'); // numbers we wrote ourselves stay numbers
    expect(csvCell(null)).toBe('');
  });

  it('streams NDJSON: every matching row, one JSON object a line, in batches', async () => {
    const response = await get(t.app, project.secretKey, '/v1/feedback?format=ndjson&feature=checkout');
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(60);
    expect(new Set(lines.map((l) => l.id)).size).toBe(60);
    const limited = await get(t.app, project.secretKey, '/v1/feedback?format=ndjson&limit=5');
    expect(limited.body.trim().split('\n')).toHaveLength(5);
  });

  it('exports across batch boundaries exactly once per row', async () => {
    const { feedbackBatches } = await import('../../../src/services/feedback/feedback-query.js');
    const ids: string[] = [];
    for await (const batch of feedbackBatches(t.database.db, project.projectId, {}, { batchSize: 7 })) ids.push(...batch.map((r) => r.id));
    expect(ids).toHaveLength(124);
    expect(new Set(ids).size).toBe(124);
  });
});
