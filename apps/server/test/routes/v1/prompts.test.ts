import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_HEADER, type Prompt, type PromptResultsResponse } from '@feedloop/protocol';
import { ACCOUNTS_ENV, OWN_ORIGIN, cookieHeader, createPerson, signIn } from '../../support/accounts.js';
import { ORIGIN, exposureEvent, feedbackEvent, postEvents, startTestApp, type TestApp, type TestProject } from '../../support/app.js';
import { expectClose, get, send } from '../../support/query.js';

let t: TestApp;
let project: TestProject;
let other: TestProject;

beforeAll(async () => {
  t = await startTestApp(ACCOUNTS_ENV);
  project = await t.project('Prompts', [ORIGIN]);
  other = await t.project('Other', [ORIGIN]);
});
afterAll(() => t?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const valid = () => ({
  name: 'After checkout',
  feature: 'checkout',
  scale: 'thumbs',
  question: { en: 'Was checking out easy?', de: 'War der Bezahlvorgang einfach?' },
  when: { event: 'checkout_completed', path: '/checkout/:step/*', delaySeconds: 2 },
  who: { samplePercent: 12.5, experiment: 'onboarding', variant: 'b', identifiedOnly: false, locales: ['en', 'de'] },
  frequency: { daysBetweenPrompts: 14, daysAfterFeedback: 30 },
});

function create(body: unknown, token = project.adminToken) {
  return t.app.inject({ method: 'POST', url: '/v1/prompts', headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
}

function patch(id: string, body: unknown, token = project.adminToken) {
  return t.app.inject({ method: 'PATCH', url: `/v1/prompts/${id}`, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
}

async function created(body: unknown = valid(), token = project.adminToken): Promise<Prompt> {
  const response = await create(body, token);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

function document(key: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: `/v1/prompt-document?key=${encodeURIComponent(key)}`, headers });
}

const promptEvent = (type: 'prompt_shown' | 'prompt_dismissed', promptId: string, overrides: Record<string, unknown> = {}) => ({
  type,
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  anonymousId: 'anon-1',
  promptId,
  feature: 'checkout',
  ...overrides,
});

describe('prompt definitions', () => {
  it('are created with their defaults, read back exactly, listed and changed by admins', async () => {
    const prompt = await created();
    expect(prompt).toMatchObject({ ...valid(), comment: false, defaultLocale: 'en', status: 'active' });
    expect((await t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}`, headers: bearer(project.adminToken) })).json()).toEqual(prompt);
    const list = (await t.app.inject({ method: 'GET', url: '/v1/prompts', headers: bearer(project.adminToken) })).json().prompts as Prompt[];
    expect(list.map((p) => p.id)).toContain(prompt.id);

    const paused = await patch(prompt.id, { status: 'paused', who: { samplePercent: 100 } });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ status: 'paused', who: { samplePercent: 100 }, question: valid().question });
    expect(Date.parse(paused.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(prompt.updatedAt));
  });

  const outOfRange: [string, (body: ReturnType<typeof valid>) => unknown, string][] = [
    ['a sample above 100 %', (b) => ({ ...b, who: { samplePercent: 100.01 } }), 'invalid_body'],
    ['a sample of 0 %', (b) => ({ ...b, who: { samplePercent: 0 } }), 'invalid_body'],
    ['a sample with three decimals', (b) => ({ ...b, who: { samplePercent: 12.345 } }), 'invalid_prompt'],
    ['negative days between prompts', (b) => ({ ...b, frequency: { daysBetweenPrompts: -1, daysAfterFeedback: 0 } }), 'invalid_body'],
    ['negative days after feedback', (b) => ({ ...b, frequency: { daysBetweenPrompts: 0, daysAfterFeedback: -7 } }), 'invalid_body'],
    ['more than 365 days', (b) => ({ ...b, frequency: { daysBetweenPrompts: 366, daysAfterFeedback: 0 } }), 'invalid_body'],
    ['a delay above an hour', (b) => ({ ...b, when: { delaySeconds: 3601 } }), 'invalid_body'],
    ['a question longer than 200 characters', (b) => ({ ...b, question: { en: 'x'.repeat(201) } }), 'invalid_body'],
    ['an empty question', (b) => ({ ...b, question: { en: '' } }), 'invalid_body'],
    ['a question not worded in English, no default locale', (b) => ({ ...b, question: { de: 'Wie war es?' } }), 'invalid_prompt'],
    ['a default locale the question lacks', (b) => ({ ...b, defaultLocale: 'fr' }), 'invalid_prompt'],
    ['a locale that is not a tag', (b) => ({ ...b, question: { en: 'ok', 'en_US!': 'no' } }), 'invalid_body'],
    ['21 locales', (b) => ({ ...b, question: Object.fromEntries(['en', ...Array.from({ length: 20 }, (_, i) => `x${String.fromCharCode(97 + i)}`)].map((l) => [l, 'q'])) }), 'invalid_body'],
    ['no condition in when', (b) => ({ ...b, when: {} }), 'invalid_prompt'],
    ['a variant without its experiment', (b) => ({ ...b, who: { samplePercent: 50, variant: 'b' } }), 'invalid_prompt'],
    ['an unknown scale', (b) => ({ ...b, scale: 'likert' }), 'invalid_body'],
    ['a feature that is not a name', (b) => ({ ...b, feature: 'check out' }), 'invalid_body'],
    ['a field the contract does not have', (b) => ({ ...b, html: '<b>' }), 'invalid_body'],
    ['a NUL character in the wording', (b) => ({ ...b, question: { en: 'a\u0000b' } }), 'invalid_prompt'],
  ];
  it.each(outOfRange)('refuses %s: 400 %s', async (_name, change, code) => {
    const response = await create(change(valid()));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().code).toBe(code);
  });

  it.each(['checkout', '/checkout//step', '/docs/*/more', '/docs*', '/:1step', '/a/:id/:id', '/with space', '/query?x=1', '/#hash', 'x'.repeat(201)])(
    'refuses the route pattern %j: 400 invalid_route_pattern',
    async (path) => {
      const response = await create({ ...valid(), when: { path } });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().code).toBe(path.length > 200 ? 'invalid_body' : 'invalid_route_pattern');
    },
  );

  it('checks a change as a whole: an invalid route pattern or a variant left without its experiment is refused', async () => {
    const prompt = await created();
    expect((await patch(prompt.id, { when: { path: '/a/*/b' } })).json().code).toBe('invalid_route_pattern');
    expect((await patch(prompt.id, { who: { samplePercent: 10, variant: 'b' } })).json().code).toBe('invalid_prompt');
    expect((await patch(prompt.id, { frequency: { daysBetweenPrompts: -1, daysAfterFeedback: 0 } })).json().code).toBe('invalid_body');
    expect((await patch(prompt.id, {})).json().code).toBe('invalid_body');
    expect((await t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}`, headers: bearer(project.adminToken) })).json()).toEqual(prompt);
  });

  it('stores hostile wording exactly as given, and serves it as JSON text', async () => {
    const hostile = '<img src=x onerror="alert(1)">\u202e\'; drop table prompts; --';
    const prompt = await created({ ...valid(), name: '<script>alert(1)</script>', question: { en: hostile, ar: 'هل كان <b>سهلاً</b>؟' } });
    expect(prompt.question.en).toBe(hostile);
    const read = await t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}`, headers: bearer(project.adminToken) });
    expect(read.headers['content-type']).toMatch(/^application\/json/);
    expect(read.json().name).toBe('<script>alert(1)</script>');
    expect(read.json().question).toEqual({ en: hostile, ar: 'هل كان <b>سهلاً</b>؟' });
    // A lone surrogate cannot be stored in UTF-8: it becomes U+FFFD, as for events.
    const lone = await created({ ...valid(), question: { en: 'half \ud800 a pair' } });
    expect(lone.question.en).toBe('half \ufffd a pair');
  });
});

describe('who may define prompts', () => {
  it('admins and owners; viewers and members get 403, people of another project 404', async () => {
    const people = {
      viewer: await createPerson(t, { roles: { [project.projectId]: 'viewer' } }),
      member: await createPerson(t, { roles: { [project.projectId]: 'member' } }),
      admin: await createPerson(t, { roles: { [project.projectId]: 'admin' } }),
      outsider: await createPerson(t, { roles: { [other.projectId]: 'admin' } }),
    };
    const prompt = await created();
    const cookies = new Map<string, string>();
    const as = async (who: keyof typeof people, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
      if (!cookies.has(who)) cookies.set(who, await signIn(t.app, people[who]));
      const cookie = cookies.get(who)!;
      const headers: Record<string, string> = { cookie: cookieHeader(cookie), [PROJECT_HEADER]: project.projectId, origin: OWN_ORIGIN };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await t.app.inject({ method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
      return { status: response.statusCode, code: response.body ? response.json<{ code?: string }>().code : undefined };
    };
    for (const who of ['viewer', 'member'] as const) {
      expect(await as(who, 'GET', '/v1/prompts')).toEqual({ status: 403, code: 'forbidden' });
      expect(await as(who, 'POST', '/v1/prompts', valid())).toEqual({ status: 403, code: 'forbidden' });
      expect(await as(who, 'PATCH', `/v1/prompts/${prompt.id}`, { status: 'paused' })).toEqual({ status: 403, code: 'forbidden' });
      expect(await as(who, 'DELETE', `/v1/prompts/${prompt.id}`)).toEqual({ status: 403, code: 'forbidden' });
    }
    // Viewers read results.
    expect((await as('viewer', 'GET', `/v1/prompts/${prompt.id}/results`)).status).toBe(200);
    expect(await as('outsider', 'GET', '/v1/prompts')).toEqual({ status: 404, code: 'not_found' });

    expect((await as('admin', 'POST', '/v1/prompts', valid())).status).toBe(201);
    expect((await as('admin', 'PATCH', `/v1/prompts/${prompt.id}`, { status: 'paused' })).status).toBe(200);
    expect((await as('admin', 'DELETE', `/v1/prompts/${prompt.id}`)).status).toBe(204);
    expect(await as('admin', 'GET', `/v1/prompts/${prompt.id}`)).toEqual({ status: 404, code: 'not_found' });
  });

  it("another project's prompt is not found, whatever the route", async () => {
    const prompt = await created();
    const token = other.adminToken;
    const json = { 'content-type': 'application/json' };
    const calls = [
      t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}`, headers: bearer(token) }),
      t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}/results`, headers: bearer(token) }),
      t.app.inject({ method: 'PATCH', url: `/v1/prompts/${prompt.id}`, headers: { ...bearer(token), ...json }, payload: '{"status":"paused"}' }),
      t.app.inject({ method: 'DELETE', url: `/v1/prompts/${prompt.id}`, headers: bearer(token) }),
    ];
    for (const response of await Promise.all(calls)) {
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('not_found');
    }
    const list = (await t.app.inject({ method: 'GET', url: '/v1/prompts', headers: bearer(token) })).json().prompts as Prompt[];
    expect(list.map((p) => p.id)).not.toContain(prompt.id);
    expect((await t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}`, headers: bearer(project.adminToken) })).json().status).toBe('active');
  });
});

describe('GET /v1/prompt-document', () => {
  it('lists the active prompts only, with a strong ETag, 304 on If-None-Match, a short max-age and CORS for allowed origins', async () => {
    const fresh = await t.project('Document', [ORIGIN]);
    const empty = await document(fresh.publicKey, { origin: ORIGIN });
    expect(empty.statusCode).toBe(200);
    expect(empty.json().prompts).toEqual([]);

    const active = await created({ ...valid(), question: { en: '<b>not bold</b>' } }, fresh.adminToken);
    const paused = await created({ ...valid(), name: 'Paused', status: 'paused' }, fresh.adminToken);
    const response = await document(fresh.publicKey, { origin: ORIGIN });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('max-age=300');
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(String(response.headers.vary)).toMatch(/origin/i);
    const etag = String(response.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/); // strong: no W/
    expect(etag).not.toBe(String(empty.headers.etag));
    const body = response.json();
    expect(body.version).toBe(etag.slice(1, -1));
    expect(body.prompts).toEqual([
      {
        id: active.id,
        feature: 'checkout',
        scale: 'thumbs',
        comment: false,
        question: { en: '<b>not bold</b>' },
        defaultLocale: 'en',
        when: valid().when,
        who: valid().who,
        frequency: valid().frequency,
      },
    ]);
    expect(JSON.stringify(body)).not.toContain(paused.id);

    const again = await document(fresh.publicKey, { origin: ORIGIN, 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect((await document(fresh.publicKey, { 'if-none-match': `W/${etag}, "other"` })).statusCode).toBe(304);
    expect((await document(fresh.publicKey, { 'if-none-match': '"stale"' })).statusCode).toBe(200);

    // A change through the API is served at once: pausing the active prompt empties the document.
    expect((await patch(active.id, { status: 'paused' }, fresh.adminToken)).statusCode).toBe(200);
    const changed = await document(fresh.publicKey, { origin: ORIGIN, 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().prompts).toEqual([]);
    expect(changed.headers.etag).toBe(empty.headers.etag);
  });

  it('refuses an origin the project does not allow (no CORS header), an unknown key and a secret key', async () => {
    const refused = await document(project.publicKey, { origin: 'https://evil.example' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('origin_not_allowed');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['cache-control']).toBeUndefined();
    expect((await document('pk_unknown', { origin: ORIGIN })).json().code).toBe('unknown_key');
    expect((await document(project.secretKey, { origin: ORIGIN })).json().code).toBe('wrong_key_type');
    const noKey = await t.app.inject({ method: 'GET', url: '/v1/prompt-document' });
    expect(noKey.statusCode).toBe(401);
  });

  it('answers a CORS preflight of a GET with the key in a header', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/prompt-document',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-feedloop-key' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('GET');
  });
});

describe('prompt events', () => {
  it('prompt_shown, prompt_dismissed and feedback with a promptId are stored once, however often they are sent', async () => {
    const promptId = randomUUID();
    const events = [
      promptEvent('prompt_shown', promptId, { experiments: { onboarding: 'b' }, url: 'https://app.example.com/checkout' }),
      promptEvent('prompt_dismissed', promptId.toUpperCase()),
      feedbackEvent({ promptId, rating: { scale: 'thumbs', value: 1 } }),
    ];
    const first = await postEvents(t.app, other.publicKey, events, { origin: ORIGIN });
    expect(first.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const again = await postEvents(t.app, other.publicKey, events, { origin: ORIGIN });
    expect(again.json()).toEqual({ accepted: 0, duplicates: 3, rejected: [] });

    const rows = await t.database.db.selectFrom('prompt_events').selectAll().where('project_id', '=', other.projectId).orderBy('type', 'desc').execute();
    expect(rows.map((r) => [r.type, r.prompt_id, r.feature, r.experiments])).toEqual([
      ['prompt_shown', promptId, 'checkout', { onboarding: 'b' }],
      ['prompt_dismissed', promptId, 'checkout', {}],
    ]);
    const feedback = await t.database.db.selectFrom('feedback').select('prompt_id').where('project_id', '=', other.projectId).execute();
    expect(feedback).toEqual([{ prompt_id: promptId }]);
  });

  it('rejects a prompt event without a valid promptId or feature, on its own', async () => {
    const response = await postEvents(t.app, other.publicKey, [
      promptEvent('prompt_shown', 'not-a-uuid'),
      { ...promptEvent('prompt_dismissed', randomUUID()), feature: undefined },
      feedbackEvent({ promptId: 'nope' }),
      promptEvent('prompt_shown', randomUUID()),
    ]);
    expect(response.json().accepted).toBe(1);
    expect(response.json().rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [0, 'invalid_prompt_id'],
      [1, 'invalid_feature'],
      [2, 'invalid_prompt_id'],
    ]);
  });
});

describe('GET /v1/prompts/{promptId}/results', () => {
  /*
   * A seeded set whose figures follow by hand:
   * - control: 40 users shown the prompt (2 of them twice, yesterday; 38 today), 20 answered
   *   (thumbs: 12 up, 8 down), 5 dismissed (one of them twice);
   * - b: 50 users shown it today, 10 answered (9 up, 1 down; one of them answered twice, up);
   * - one answer from a user never shown it; another prompt's events and unprompted feedback.
   * Response rates 20/40 = 0.5 and 10/50 = 0.2; pooled p = 1/3, SE = sqrt(1/3 · 2/3 · (1/40 + 1/50)) = 0.1,
   * z = −3 exactly: p = 0.0026998, "worse"; thumbs 20 and 11 answers: below minCount 30, not enough data.
   */
  let prompt: Prompt;
  let results: PromptResultsResponse;
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  const dayOf = (d: Date) => d.toISOString().slice(0, 10);

  beforeAll(async () => {
    prompt = await created({ ...valid(), who: { samplePercent: 50 } });
    const otherPrompt = await created({ ...valid(), name: 'Another' });
    const events: unknown[] = [];
    const shown = (user: string, variant: string, at: Date) =>
      events.push(promptEvent('prompt_shown', prompt.id, { anonymousId: user, experiments: { onboarding: variant, theme: 'dark' }, timestamp: at.toISOString() }));
    const answer = (user: string, variant: string, value: 0 | 1) =>
      events.push(feedbackEvent({ anonymousId: user, promptId: prompt.id, experiments: { onboarding: variant }, rating: { scale: 'thumbs', value } }));
    for (let i = 0; i < 40; i++) {
      const user = `c${i}`;
      shown(user, 'control', i < 2 ? yesterday : today);
      if (i < 2) shown(user, 'control', today);
      if (i < 20) answer(user, 'control', i < 12 ? 1 : 0);
      if (i >= 30 && i < 35) events.push(promptEvent('prompt_dismissed', prompt.id, { anonymousId: user }));
    }
    events.push(promptEvent('prompt_dismissed', prompt.id, { anonymousId: 'c30' }));
    for (let i = 0; i < 50; i++) {
      const user = `b${i}`;
      shown(user, 'b', today);
      if (i < 10) answer(user, 'b', i < 9 ? 1 : 0);
    }
    answer('b0', 'b', 1);
    answer('never-shown', 'b', 1);
    events.push(promptEvent('prompt_shown', otherPrompt.id, { anonymousId: 'c0', experiments: { onboarding: 'control' } }));
    events.push(feedbackEvent({ anonymousId: 'c1', experiments: { onboarding: 'control' }, rating: { scale: 'thumbs', value: 0 } }));
    await send(t.app, project.publicKey, events);
    const response = await get(t.app, project.adminToken, `/v1/prompts/${prompt.id}/results`);
    expect(response.statusCode, response.body).toBe(200);
    results = response.json();
  });

  /** Wilson score interval, written out (z = 1.959963984540054). */
  const wilson = (k: number, n: number) => {
    const z = 1.959963984540054;
    const p = k / n;
    const denominator = 1 + (z * z) / n;
    const centre = (p + (z * z) / (2 * n)) / denominator;
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
    return { lower: centre - half, upper: centre + half };
  };

  it('counts displays, dismissals and answers overall, by the users first shown the prompt', () => {
    expect(results.prompt).toEqual({ id: prompt.id, name: prompt.name, feature: 'checkout', scale: 'thumbs', status: 'active' });
    const { responseRate, ratings, ...counts } = results.overall;
    expect(counts).toEqual({
      displays: 92,
      displayedUsers: 90,
      dismissals: 6,
      dismissedUsers: 5,
      responses: 31,
      respondents: 30,
      distribution: { '0': 9, '1': 22 },
    });
    expect(responseRate).toMatchObject({ count: 90, positive: 30 });
    expectClose(responseRate.rate, 1 / 3);
    expectClose(responseRate.ci!.lower, wilson(30, 90).lower);
    expectClose(responseRate.ci!.upper, wilson(30, 90).upper);
    expect(ratings.thumbs).toMatchObject({ count: 31, positive: 22 });
    expectClose(ratings.thumbs!.ci!.lower, wilson(22, 31).lower);
    expect(results.responsesWithoutDisplay).toBe(1);
  });

  it('per UTC day of first display', () => {
    expect(results.days.map((d) => [d.day, d.displayedUsers, d.displays, d.respondents, d.responses])).toEqual(
      dayOf(yesterday) === dayOf(today)
        ? [[dayOf(today), 90, 92, 30, 31]]
        : [
            [dayOf(yesterday), 2, 4, 2, 2],
            [dayOf(today), 88, 88, 28, 29],
          ],
    );
  });

  it('per variant of every experiment the displayed users were in, compared as experiments are', () => {
    expect(results.experiments.map((e) => e.experiment)).toEqual(['onboarding', 'theme']);
    const onboarding = results.experiments[0]!;
    expect(onboarding.control).toBe('control');
    expect(onboarding.variants.map((v) => [v.variant, v.displayedUsers, v.respondents, v.responses, v.dismissedUsers, v.distribution])).toEqual([
      ['b', 50, 10, 11, 0, { '0': 1, '1': 10 }],
      ['control', 40, 20, 20, 5, { '0': 8, '1': 12 }],
    ]);
    const control = onboarding.variants[1]!;
    expectClose(control.responseRate.ci!.lower, wilson(20, 40).lower);
    expectClose(control.responseRate.ci!.upper, wilson(20, 40).upper);
    expectClose(onboarding.variants[0]!.responseRate.ci!.lower, wilson(10, 50).lower);

    expect(onboarding.comparisons.map((c) => c.variant)).toEqual(['b']);
    const [rate, thumbs] = onboarding.comparisons[0]!.metrics;
    expect(rate!.metric).toBe('feedbackRate');
    expect(rate!.test).toBe('two_proportion_z');
    expectClose(rate!.statistic, -3);
    expectClose(rate!.pValue, 0.0026997960632601866);
    expect(rate!.pValueAdjusted).toBe(rate!.pValue);
    expect(rate!.verdict).toBe('worse');
    expect(rate!.explanation).toContain('response rate');
    expect(thumbs!.metric).toBe('thumbs');
    expect(thumbs!.verdict).toBe('not_enough_data');

    // Everyone was in theme "dark": one variant, nothing to compare.
    const theme = results.experiments[1]!;
    expect(theme.variants.map((v) => [v.variant, v.displayedUsers, v.respondents])).toEqual([['dark', 90, 30]]);
    expect(theme.comparisons).toEqual([]);
  });

  it('honours minCount, the control and the range', async () => {
    const low = (await get(t.app, project.adminToken, `/v1/prompts/${prompt.id}/results?minCount=5&control=b`)).json() as PromptResultsResponse;
    const onboarding = low.experiments[0]!;
    expect(onboarding.control).toBe('b');
    expect(onboarding.comparisons[0]!.variant).toBe('control');
    expect(onboarding.comparisons[0]!.metrics[0]!.verdict).toBe('better');
    expect(onboarding.comparisons[0]!.metrics[1]!.verdict).not.toBe('not_enough_data');

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = (await get(t.app, project.adminToken, `/v1/prompts/${prompt.id}/results?from=${future}`)).json() as PromptResultsResponse;
    expect(none.overall.displayedUsers).toBe(0);
    expect(none.overall.responseRate.rate).toBeNull();
    expect(none.responsesWithoutDisplay).toBe(32);
    const bad = await get(t.app, project.adminToken, `/v1/prompts/${prompt.id}/results?from=${future}&to=2020-01-01`);
    expect(bad.json().code).toBe('invalid_query');
  });

  it('the experiment comparison with ?source=prompt counts only prompted feedback, and says which source it used', async () => {
    // Exposures for the comparison's denominators.
    const exposures = [...Array.from({ length: 40 }, (_, i) => exposureEvent({ experiment: 'onboarding', variant: 'control', anonymousId: `c${i}` })),
      ...Array.from({ length: 50 }, (_, i) => exposureEvent({ experiment: 'onboarding', variant: 'b', anonymousId: `b${i}` }))];
    await send(t.app, project.publicKey, exposures);

    const all = (await get(t.app, project.secretKey, '/v1/experiments/onboarding')).json();
    expect(all.source).toBe('all');
    expect(all.selfSelected).toBe(true);
    const prompted = (await get(t.app, project.secretKey, '/v1/experiments/onboarding?source=prompt')).json();
    expect(prompted.source).toBe('prompt');
    expect(prompted.selfSelected).toBe(false);
    const byVariant = (body: { variants: { variant: string; feedback: number; feedbackUsers: number; ratings: { thumbs?: { count: number; positive: number } } }[] }) =>
      Object.fromEntries(body.variants.map((v) => [v.variant, [v.feedback, v.feedbackUsers, v.ratings.thumbs?.count, v.ratings.thumbs?.positive]]));
    // all: the unprompted thumbs-down of c1 counts; prompt: only the answers (with never-shown's, who carried variant b).
    expect(byVariant(all)).toEqual({ b: [12, 11, 12, 11], control: [21, 20, 21, 12] });
    expect(byVariant(prompted)).toEqual({ b: [12, 11, 12, 11], control: [20, 20, 20, 12] });
    expect((await get(t.app, project.secretKey, '/v1/experiments/onboarding?source=clicks')).json().code).toBe('invalid_query');
  });

  it('an unknown prompt is not found', async () => {
    const response = await get(t.app, project.adminToken, `/v1/prompts/${randomUUID()}/results`);
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });
});
