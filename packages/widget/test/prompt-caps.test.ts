import { describe, expect, test } from 'vitest';
import { capsAllow, readCaps, recordAnswered, recordAsked } from '../src/prompts/caps.js';
import { dueAt, mayAsk, problemOf } from '../src/prompts/rules.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 10, 12);
const prompt = (id: string, daysBetweenPrompts = 0, daysAfterFeedback = 0) => ({ id, frequency: { daysBetweenPrompts, daysAfterFeedback } });
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('prompt caps kept in the browser', () => {
  test('a prompt is asked at most once; other prompts stay allowed without caps', () => {
    const caps = recordAsked(readCaps(null), A, NOW);
    expect(capsAllow(caps, prompt(A), NOW + 365 * DAY)).toBe(false);
    expect(capsAllow(caps, prompt(B), NOW)).toBe(true);
  });

  test('daysBetweenPrompts counts from the last prompt asked, of any prompt', () => {
    const caps = recordAsked(readCaps(null), A, NOW);
    expect(capsAllow(caps, prompt(B, 14), NOW + 13 * DAY)).toBe(false);
    expect(capsAllow(caps, prompt(B, 14), NOW + 14 * DAY)).toBe(true);
  });

  test('daysAfterFeedback counts from the last answer; a dismissal is recorded as one', () => {
    const caps = recordAnswered(readCaps(null), NOW);
    expect(capsAllow(caps, prompt(A, 0, 30), NOW + 29 * DAY)).toBe(false);
    expect(capsAllow(caps, prompt(A, 0, 30), NOW + 30 * DAY)).toBe(true);
    expect(capsAllow(caps, prompt(A, 0, 0), NOW)).toBe(true);
  });

  test('bounded: at most 100 prompt ids, the oldest dropped; garbage reads as empty', () => {
    let caps = readCaps('{"s":[1,2]}');
    expect(caps).toEqual({ s: {} });
    expect(readCaps('not json')).toEqual({ s: {} });
    for (let i = 0; i < 130; i++) caps = recordAsked(caps, `id-${i}`, NOW + i * 60_000);
    expect(Object.keys(caps.s)).toHaveLength(100);
    expect(caps.s['id-29']).toBeUndefined();
    expect(caps.s['id-129']).toBeDefined();
    expect(JSON.stringify(caps).length).toBeLessThan(6000);
  });
});

describe('prompt rules in the widget', () => {
  const valid = {
    id: A,
    feature: 'checkout',
    scale: 'thumbs',
    comment: false,
    question: { en: 'How was it?' },
    defaultLocale: 'en',
    when: { event: 'done', path: '/checkout/*', delaySeconds: 2 },
    who: { samplePercent: 100 },
    frequency: { daysBetweenPrompts: 0, daysAfterFeedback: 0 },
  };

  test('a prompt the widget does not understand is named by its first problem', () => {
    expect(problemOf(valid)).toBeUndefined();
    expect(problemOf({ ...valid, scale: 'slider' })).toBe('scale');
    expect(problemOf({ ...valid, color: 'red' })).toBe('color');
    expect(problemOf({ ...valid, who: { samplePercent: 100, mood: 'happy' } })).toBe('who.mood');
    expect(problemOf({ ...valid, when: { path: '/a//b' } })).toBe('when.path');
    expect(problemOf({ ...valid, who: { samplePercent: 150 } })).toBe('who.samplePercent');
    expect(problemOf({ ...valid, question: { de: 'Wie?' } })).toBe('question');
    expect(problemOf({ ...valid, when: {} })).toBe('when');
    expect(problemOf(null)).toBe('prompt');
  });

  test('due: every condition of when holds, the delay from the latest of them', () => {
    const moment = { pageStart: NOW, path: '/checkout/pay', pathSince: NOW + 1000, tracked: [['done', NOW + 5000]] as [string, number][] };
    expect(dueAt(valid, moment)).toBe(NOW + 7000);
    expect(dueAt(valid, { ...moment, tracked: [] })).toBeUndefined();
    expect(dueAt(valid, { ...moment, path: '/cart' })).toBeUndefined();
    expect(dueAt({ when: { delaySeconds: 3 } }, moment)).toBe(NOW + 3000);
  });

  test('who: experiment and variant, identified users, locales', () => {
    const user = { anonymousId: 'x', userId: undefined, experiments: { cta: 'green' }, locale: 'de-AT' };
    expect(mayAsk({ id: A, who: { samplePercent: 100, experiment: 'cta' } }, user)).toBe(true);
    expect(mayAsk({ id: A, who: { samplePercent: 100, experiment: 'cta', variant: 'blue' } }, user)).toBe(false);
    expect(mayAsk({ id: A, who: { samplePercent: 100, experiment: 'other' } }, user)).toBe(false);
    expect(mayAsk({ id: A, who: { samplePercent: 100, identifiedOnly: true } }, user)).toBe(false);
    expect(mayAsk({ id: A, who: { samplePercent: 100, identifiedOnly: true } }, { ...user, userId: 'u1' })).toBe(true);
    expect(mayAsk({ id: A, who: { samplePercent: 100, locales: ['de'] } }, user)).toBe(true);
    expect(mayAsk({ id: A, who: { samplePercent: 100, locales: ['fr'] } }, user)).toBe(false);
  });
});
