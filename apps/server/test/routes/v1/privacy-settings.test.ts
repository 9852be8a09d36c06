import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackItem } from '@feedloop/protocol';
import { feedbackEvent, exposureEvent, ORIGIN, postEvents, startTestApp, type TestApp, type TestProject } from '../../support/app.js';
import { get } from '../../support/query.js';

/*
 * Scrubbing at ingest, end to end: what POST /v1/events stores (read back by GET /v1/feedback)
 * has its secrets redacted; a project's privacy settings change only what comes after them;
 * /metrics counts by kind; the logs never see the secret; email and url are checked per event.
 */
let t: TestApp;
let p: TestProject;
let other: TestProject;
const lines: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ FEEDLOOP_RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'debug' }, { logStream: { write: (line) => void lines.push(line) } });
  p = await t.project('Privacy');
  other = await t.project('Other');
});
afterAll(() => t.close());

const CARD = '4111 1111 1111 1111';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const STRIPE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

async function items(project: TestProject, feature: string): Promise<FeedbackItem[]> {
  const response = await get(t.app, project.secretKey, `/v1/feedback?feature=${feature}&limit=100`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().feedback;
}

const settingsUrl = (project: TestProject) => `/v1/projects/${project.projectId}/privacy/settings`;
function putSettings(body: unknown, project = p, token = project.adminToken) {
  return t.app.inject({ method: 'PUT', url: settingsUrl(project), headers: { authorization: `Bearer ${token}` }, payload: body as object });
}
const DEFAULTS = { extraPatterns: [], dropMetadataKeys: [], emailsInComments: 'keep', phonesInComments: 'keep', urlQueryStrings: 'keep' };

describe('scrubbing at ingest', () => {
  it('stores comment, url, user id and every metadata value with their secrets redacted', async () => {
    const metadata: Record<string, string | number> = { password: 'hunter2', apiKey: 42, plan: 'pro' };
    for (let i = 0; i < 17; i++) metadata[`m${i}`] = `value ${i}: ${CARD}`;
    const event = feedbackEvent({
      feature: 'scrub',
      comment: `card ${CARD}, iban GB82WEST12345698765432, token ${JWT}, key ${STRIPE}, login https://bob:hunter2@example.com`,
      url: `https://app.example.com/reset?token=abc123&tab=2#access_token=xyz`,
      userId: STRIPE,
      email: 'ada@example.com',
      metadata,
    });
    const response = await postEvents(t.app, p.publicKey, [event, exposureEvent({ url: `https://app.example.com/?session=s3cr3t`, userId: JWT })]);
    expect(response.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });

    const [item] = await items(p, 'scrub');
    expect(item!.comment).toBe(
      'card [redacted:payment_card], iban [redacted:iban], token [redacted:jwt], key [redacted:api_key], login https://bob:[redacted:url_password]@example.com',
    );
    expect(item!.url).toBe('https://app.example.com/reset?token=[redacted:url_param]&tab=2#access_token=[redacted:url_param]');
    expect(item!.userId).toBe('[redacted:api_key]');
    expect(item!.email).toBe('ada@example.com');
    expect(item!.metadata).toMatchObject({ password: '[redacted:password]', apiKey: '[redacted:secret]', plan: 'pro' });
    for (let i = 0; i < 17; i++) expect(item!.metadata![`m${i}`]).toBe(`value ${i}: [redacted:payment_card]`);

    // The exposure's url and user id too, in the raw table (nothing reads exposures back one by one).
    const exposure = await t.database.db.selectFrom('exposures').select(['url', 'user_id']).where('project_id', '=', p.projectId).executeTakeFirstOrThrow();
    expect(exposure).toEqual({ url: 'https://app.example.com/?session=[redacted:url_param]', user_id: '[redacted:jwt]' });

    // Nothing of the secrets anywhere in the stored rows.
    const stored = JSON.stringify(await t.database.db.selectFrom('feedback').selectAll().where('project_id', '=', p.projectId).execute());
    for (const secret of ['4111', 'GB82', JWT.slice(0, 30), STRIPE, 'hunter2', 'abc123', 'xyz']) expect(stored, secret).not.toContain(secret);

    // Counted in /metrics by kind; the logs never see a secret.
    const metrics = (await t.app.inject('/metrics')).body;
    expect(metrics).toMatch(/feedloop_scrubbed_total\{kind="payment_card"\} 18/);
    expect(metrics).toMatch(/feedloop_scrubbed_total\{kind="url_param"\} 3/);
    expect(metrics).toMatch(/feedloop_scrubbed_total\{kind="api_key"\} 2/);
    const logs = lines.join('\n');
    for (const secret of ['4111', STRIPE, 'hunter2', JWT.slice(0, 30)]) expect(logs, secret).not.toContain(secret);
  });

  it('a very long comment of card numbers is stored within the comment limit', async () => {
    const comment = `${CARD} `.repeat(250).trim();
    expect(comment.length).toBeLessThanOrEqual(5000);
    expect((await postEvents(t.app, p.publicKey, [feedbackEvent({ feature: 'long', comment })])).json().accepted).toBe(1);
    const [item] = await items(p, 'long');
    expect(item!.comment!.length).toBeLessThanOrEqual(5000);
    expect(item!.comment).not.toMatch(/\d/);
  });
});

describe('privacy settings', () => {
  it('default settings; a change applies to new events only, and is audited', async () => {
    const read = await get(t.app, p.adminToken, settingsUrl(p));
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ settings: DEFAULTS, updatedAt: null, appliesTo: 'new_events' });

    const comment = 'mail ada@example.com or call +49 151 12345678 about ORD-778899';
    const before = feedbackEvent({ feature: 'settings', comment, url: 'https://app.example.com/a?utm=x#top', metadata: { internal: 'x', plan: 'pro' } });
    expect((await postEvents(t.app, p.publicKey, [before])).json().accepted).toBe(1);

    const settings = { extraPatterns: ['ORD-[0-9]+', 'ORD-[0-9]+'], dropMetadataKeys: ['Internal'], emailsInComments: 'redact', phonesInComments: 'redact', urlQueryStrings: 'drop' };
    const put = await putSettings(settings);
    expect(put.statusCode, put.body).toBe(200);
    const saved = { ...settings, extraPatterns: ['ORD-[0-9]+'] };
    expect(put.json()).toMatchObject({ settings: saved, appliesTo: 'new_events', updatedAt: expect.any(String) });
    expect((await get(t.app, p.adminToken, settingsUrl(p))).json().settings).toEqual(saved);

    const after = feedbackEvent({ feature: 'settings', comment, url: 'https://app.example.com/a?utm=x#top', metadata: { internal: 'x', plan: 'pro' } });
    expect((await postEvents(t.app, p.publicKey, [after])).json().accepted).toBe(1);
    const byId = new Map((await items(p, 'settings')).map((i) => [i.id, i]));
    // Stored before the change: as it was.
    expect(byId.get(before.id as string)).toMatchObject({ comment, url: 'https://app.example.com/a?utm=x#top', metadata: { internal: 'x', plan: 'pro' } });
    // After: emails, phones and the project's pattern redacted, the query string and the key dropped.
    expect(byId.get(after.id as string)).toMatchObject({
      comment: 'mail [redacted:email] or call [redacted:phone] about [redacted:custom]',
      url: 'https://app.example.com/a#top',
      metadata: { plan: 'pro' },
    });
    expect(byId.get(after.id as string)!.metadata).not.toHaveProperty('internal');

    // Another project is untouched by these settings.
    expect((await postEvents(t.app, other.publicKey, [feedbackEvent({ feature: 'settings', comment })])).json().accepted).toBe(1);
    expect((await items(other, 'settings'))[0]!.comment).toBe(comment);

    const audit = await get(t.app, p.adminToken, `/v1/projects/${p.projectId}/audit?action=privacy.`);
    expect(audit.statusCode, audit.body).toBe(200);
    const [entry] = audit.json().events;
    expect(entry).toMatchObject({ action: 'privacy.settings_updated', changes: { emailsInComments: { from: 'keep', to: 'redact' }, urlQueryStrings: { from: 'keep', to: 'drop' } } });

    // Back to the defaults: new events keep emails again.
    expect((await putSettings(DEFAULTS)).statusCode).toBe(200);
    const later = feedbackEvent({ feature: 'settings', comment: 'mail ada@example.com' });
    expect((await postEvents(t.app, p.publicKey, [later])).json().accepted).toBe(1);
    expect((await items(p, 'settings')).find((i) => i.id === later.id)!.comment).toBe('mail ada@example.com');
  });

  it('settings out of range or not valid: 400 with a code, nothing saved', async () => {
    const cases: [string, unknown, string][] = [
      ['21 patterns', { ...DEFAULTS, extraPatterns: Array.from({ length: 21 }, (_, i) => `p${i}`) }, 'invalid_body'],
      ['a pattern of 201 characters', { ...DEFAULTS, extraPatterns: ['a'.repeat(201)] }, 'invalid_body'],
      ['an empty pattern', { ...DEFAULTS, extraPatterns: [''] }, 'invalid_body'],
      ['51 metadata keys', { ...DEFAULTS, dropMetadataKeys: Array.from({ length: 51 }, (_, i) => `k${i}`) }, 'invalid_body'],
      ['a metadata key of 65 characters', { ...DEFAULTS, dropMetadataKeys: ['k'.repeat(65)] }, 'invalid_body'],
      ['an unknown choice', { ...DEFAULTS, emailsInComments: 'hide' }, 'invalid_body'],
      ['a missing setting', { extraPatterns: [] }, 'invalid_body'],
      ['an unknown setting', { ...DEFAULTS, scrubEverything: true }, 'invalid_body'],
      ['a backreference', { ...DEFAULTS, extraPatterns: ['(a)\\1'] }, 'invalid_pattern'],
      ['a lookahead', { ...DEFAULTS, extraPatterns: ['(?=secret)'] }, 'invalid_pattern'],
      ['an unclosed class', { ...DEFAULTS, extraPatterns: ['[a-'] }, 'invalid_pattern'],
      ['a pattern matching nothing at all', { ...DEFAULTS, extraPatterns: ['x?'] }, 'invalid_pattern'],
    ];
    for (const [name, body, code] of cases) {
      const response = await putSettings(body);
      expect(response.statusCode, name).toBe(400);
      expect(response.json(), name).toMatchObject({ code, message: expect.any(String) });
    }
    expect((await get(t.app, p.adminToken, settingsUrl(p))).json().settings).toEqual(DEFAULTS);
  });

  it("another project's settings: 404, as for one that does not exist", async () => {
    expect((await get(t.app, other.adminToken, settingsUrl(p))).statusCode).toBe(404);
    expect((await putSettings(DEFAULTS, p, other.adminToken)).statusCode).toBe(404);
  });
});

describe('input hygiene', () => {
  it('email must be an email address and url http(s): per-event codes, the rest of the batch stored', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ email: '<script>alert(1)</script>' }, 'invalid_email'],
      [{ email: 'not an email' }, 'invalid_email'],
      [{ email: 'ada@' }, 'invalid_email'],
      [{ email: ' ada@example.com' }, 'invalid_email'],
      [{ url: 'javascript:alert(1)' }, 'invalid_url'],
      [{ url: 'data:text/html,<script>alert(1)</script>' }, 'invalid_url'],
      [{ url: 'file:///etc/passwd' }, 'invalid_url'],
      [{ url: '/relative/path' }, 'invalid_url'],
      [{ url: ' https://app.example.com' }, 'invalid_url'],
    ];
    const good = [
      feedbackEvent({ feature: 'hygiene', email: 'ada@example.com', url: 'https://app.example.com/x' }),
      feedbackEvent({ feature: 'hygiene', email: 'jörg+tag@müller.example', url: 'HTTP://intranet.local/a b'.replace(' ', '%20') }),
    ];
    const response = await postEvents(t.app, p.publicKey, [...bad.map(([fields]) => feedbackEvent({ feature: 'hygiene', ...fields })), ...good]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual(bad.map(([, code], index) => [index, code]));
    expect((await items(p, 'hygiene')).length).toBe(2);
  });

  it('the OpenAPI document states both rules and the settings route', async () => {
    const doc = (await t.app.inject('/docs/json')).json();
    const text = JSON.stringify(doc);
    expect(text).toContain('invalid_email');
    expect(text).toContain('invalid_url');
    expect(doc.paths['/v1/projects/{projectId}/privacy/settings'].put.description).toMatch(/events received after the change/);
  });
});

void ORIGIN;
