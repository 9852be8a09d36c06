import { describe, expect, it } from 'vitest';
import { queryString } from '../src/api.js';
import { describeAuditChanges } from '../src/audit.js';
import { formatClock, formatLag, lagOf } from '../src/freshness.js';
import { feedbackOf } from '../src/live.js';
import { previousRange, resolveRange } from '../src/range.js';
import { parseRoute, href } from '../src/router.js';
import { EventStreamParser, readEventStream } from '../src/sse.js';
import { abilitiesOf } from '../src/roles.js';
import { safeLink } from '../src/triage.js';
import { previewDocument } from '../src/preview/document.js';
import { PREVIEW_SHOW } from '../src/preview/messages.js';
import { problemOf } from '../../../packages/widget/src/prompts/rules.js';

describe('text/event-stream parser', () => {
  it('parses events split anywhere, with CRLF, CR or LF line ends, comments and multi-line data', () => {
    const stream = ': hello\r\n\r\nevent: feedback\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata:plain\rdata: two\r\r\ndata: x\n\n';
    // Every possible split into two chunks gives the same events.
    for (let cut = 0; cut <= stream.length; cut++) {
      const parser = new EventStreamParser();
      const events = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))];
      expect(events).toEqual([
        { event: 'feedback', data: '{"a":\n1}', id: '7' },
        { event: 'message', data: 'plain\ntwo', id: '7' },
        { event: 'message', data: 'x', id: '7' },
      ]);
    }
  });

  it('keeps retry, ignores unknown fields and events without data, strips one leading BOM', () => {
    const parser = new EventStreamParser();
    expect(parser.push('\uFEFFretry: 2500\nfoo: bar\nevent: ping\n\n')).toEqual([]);
    expect(parser.retry).toBe(2500);
  });

  it('reads a ReadableStream of UTF-8 bytes split inside characters; an unterminated last event is dropped', async () => {
    const bytes = new TextEncoder().encode('data: ünïcødé ✓\n\ndata: cut off');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readEventStream(body)) events.push(event.data);
    expect(events).toEqual(['ünïcødé ✓']);
  });
});

describe('live events', () => {
  const item = { id: '0f8e3c4a-1b2c-4d5e-8f90-123456789abc', feature: 'checkout', occurredAt: '2026-11-26T10:00:00Z', comment: 'hi' };
  it('finds the feedback item, bare or wrapped; ignores heartbeats and other events', () => {
    const event = (name: string, data: unknown) => ({ event: name, data: JSON.stringify(data), id: undefined });
    expect(feedbackOf(event('feedback', item))).toEqual(item);
    expect(feedbackOf(event('message', { feedback: item }))).toEqual(item);
    expect(feedbackOf(event('feedback.created', { type: 'feedback.created', data: item }))).toEqual(item);
    expect(feedbackOf(event('ping', {}))).toBeUndefined();
    expect(feedbackOf(event('exposure', item))).toBeUndefined();
    expect(feedbackOf({ event: 'feedback', data: 'not json', id: undefined })).toBeUndefined();
  });
});

describe('ranges, routes, links', () => {
  it('resolves presets to whole UTC days and the period before', () => {
    const now = Date.parse('2026-11-26T15:00:00Z');
    expect(resolveRange({ preset: '7d' }, now)).toEqual({ from: '2026-11-20', to: '2026-11-27' });
    expect(previousRange({ from: '2026-11-20', to: '2026-11-27' })).toEqual({ from: '2026-11-13', to: '2026-11-20' });
    expect(resolveRange({ preset: 'custom', from: '2026-11-01', through: '2026-11-03' }, now)).toEqual({ from: '2026-11-01', to: '2026-11-04' });
  });

  it('routes round-trip names with / and :', () => {
    const route = { page: 'feature', feature: 'onboarding/step:1' } as const;
    expect(parseRoute(href(route))).toEqual(route);
    expect(parseRoute('#/experiments/a%2Fb')).toEqual({ page: 'experiment', experiment: 'a/b' });
    expect(parseRoute('#/nonsense')).toEqual({ page: 'overview' });
    expect(parseRoute(href({ page: 'feedback' }))).toEqual({ page: 'feedback' });
    expect(href({ page: 'report' })).toBe('#/report');
    expect(parseRoute('#/report')).toEqual({ page: 'report' });
    expect(href({ page: 'webhooks' })).toBe('#/webhooks');
    expect(parseRoute('#/webhooks')).toEqual({ page: 'webhooks' });
    expect(href({ page: 'mail' })).toBe('#/mail');
    expect(parseRoute('#/mail')).toEqual({ page: 'mail' });
  });

  it('routes the account pages, one-time links and the sign-in page with its reason', () => {
    for (const page of ['members', 'tokens', 'audit', 'privacy', 'account'] as const) {
      expect(href({ page })).toBe(`#/${page}`);
      expect(parseRoute(href({ page }))).toEqual({ page });
    }
    expect(parseRoute('#/link/fll_abc-DEF_123')).toEqual({ page: 'link', token: 'fll_abc-DEF_123' });
    expect(href({ page: 'link', token: 'fll_x' })).toBe('#/link/fll_x');
    expect(parseRoute('#/sign-in?error=sso_failed')).toEqual({ page: 'sign-in', error: 'sso_failed' });
    expect(parseRoute('#/sign-in')).toEqual({ page: 'sign-in' });
    expect(parseRoute(href({ page: 'sign-in', error: 'a b' }))).toEqual({ page: 'sign-in', error: 'a b' });
  });

  it('offers each role what the service allows it', () => {
    expect(abilitiesOf('viewer')).toEqual({ triage: false, administer: false, makeOwners: false });
    expect(abilitiesOf('member')).toEqual({ triage: true, administer: false, makeOwners: false });
    expect(abilitiesOf('admin')).toEqual({ triage: true, administer: true, makeOwners: false });
    expect(abilitiesOf('owner')).toEqual({ triage: true, administer: true, makeOwners: true });
  });

  it('describes audit changes in words', () => {
    expect(describeAuditChanges({ role: { from: 'viewer', to: 'admin' } })).toBe('role: viewer → admin');
    expect(describeAuditChanges({ role: { from: null, to: 'member' }, email: 'a@example.com' })).toBe('role: – → member; email: a@example.com');
    expect(describeAuditChanges({ items: 3, fields: ['status', 'tags'], expiresAt: null })).toBe('items: 3; fields: status, tags; expiresAt: –');
    expect(describeAuditChanges({ filters: { feature: 'x' } })).toBe('filters: {"feature":"x"}');
    expect(describeAuditChanges({})).toBe('');
  });

  it('builds query strings without empty values', () => {
    expect(queryString({ a: 'x y', b: undefined, c: '', d: 0, e: true })).toBe('?a=x+y&d=0&e=true');
  });

  it('only http(s) tracker links become links', () => {
    expect(safeLink('https://tracker.example.com/1')).toBe('https://tracker.example.com/1');
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink(' JaVaScRiPt:alert(1)')).toBeUndefined();
    expect(safeLink('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeLink('not a url')).toBeUndefined();
  });
});

describe('freshness of aggregate answers', () => {
  const at = Date.parse('2026-12-05T12:01:16Z');
  const answer = (behindMs: number, asOf = new Date(at - behindMs).toISOString()) => ({ asOf, askedAt: at });

  it('says nothing within 5 s, else the most lagging answer', () => {
    expect(lagOf([])).toBeUndefined();
    expect(lagOf([answer(0), answer(5000), undefined])).toBeUndefined();
    // A clock ahead of the browser's, or no date at all (hostile text): nothing to say either.
    expect(lagOf([answer(-60_000), answer(0, '<img src=x onerror=alert(1)>')])).toBeUndefined();
    expect(lagOf([answer(6000), answer(9000), answer(7000)])).toEqual({ asOf: new Date(at - 9000).toISOString(), behindMs: 9000 });
  });

  it('words the lag and the clock', () => {
    expect([9_400, 119_000, 150_000, 3 * 3_600_000, 50 * 3_600_000].map(formatLag)).toEqual(['9 s', '119 s', '3 min', '3 h', '2 d']);
    const asOf = new Date(2026, 11, 5, 12, 1, 7).toISOString();
    expect(formatClock(asOf, new Date(2026, 11, 5, 12, 1, 16).getTime())).toBe('12:01:07');
    expect(formatClock(asOf, new Date(2026, 11, 7, 9).getTime())).toMatch(/^5 Dec 2026,? 12:01:07$/);
  });
});

describe('the prompt preview frame', () => {
  const message = (prompt: Record<string, unknown>, locale = 'en') => ({ type: PREVIEW_SHOW, prompt, locale });
  const definition = { feature: 'checkout', scale: 'stars', comment: true, question: { en: '<img src=x onerror=alert(1)>', ar: 'كيف؟' }, defaultLocale: 'en' };

  it('makes a document of one prompt due at once, for everyone, without caps, that the real widget understands', () => {
    const preview = previewDocument(message(definition, 'ar'));
    if (!('document' in preview)) throw new Error(preview.problem);
    expect(preview.locale).toBe('ar');
    expect(preview.document.prompts).toEqual([
      {
        ...definition,
        id: '00000000-0000-4000-8000-000000000000',
        when: { delaySeconds: 0 },
        who: { samplePercent: 100 },
        frequency: { daysBetweenPrompts: 0, daysAfterFeedback: 0 },
      },
    ]);
    expect(problemOf(preview.document.prompts[0])).toBeUndefined();
    const id = '5f0c5c1e-0000-4000-8000-000000000001';
    const saved = previewDocument(message({ ...definition, id }));
    expect('document' in saved && saved.document.prompts[0]!.id).toBe(id);
  });

  it('refuses what is not a prompt to preview', () => {
    const problems = [
      previewDocument(null),
      previewDocument({ type: 'other', prompt: definition, locale: 'en' }),
      previewDocument(message(definition, 'en"><script>')),
      previewDocument(message({ ...definition, scale: 'slider' })),
      previewDocument(message({ ...definition, feature: 42 })),
      previewDocument(message({ ...definition, feature: 'check out' })),
      previewDocument(message({ ...definition, question: { de: 'Wie?' } })),
      previewDocument(message({ ...definition, question: { en: 'How?', de: '' } })),
      previewDocument(message({ ...definition, question: 'How?' })),
    ].map((p) => ('problem' in p ? p.problem : 'previewed'));
    expect(problems).toEqual(['not a prompt to preview', 'not a prompt to preview', 'the locale', 'the scale', 'the feature', 'the feature', 'the question', 'the question', 'the question']);
  });
});
