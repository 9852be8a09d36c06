import { describe, expect, test, vi } from 'vitest';
import { firstBatch, isName, retryAfterMs, retryDelay, uuid } from '../src/index.js';
import { feedbackProblem } from '../src/validate.js';
import type { Event } from '@feedloop/protocol';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuid', () => {
  test('is a v4 UUID from crypto.randomUUID', () => {
    expect(uuid()).toMatch(UUID_V4);
  });

  test('falls back to getRandomValues where randomUUID is missing (insecure contexts)', () => {
    const spy = vi.spyOn(crypto, 'randomUUID').mockImplementation(undefined as never);
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 200 }, uuid));
      expect(ids.size).toBe(200);
      for (const id of ids) expect(id).toMatch(UUID_V4);
    } finally {
      spy.mockRestore();
      delete (crypto as { randomUUID?: unknown }).randomUUID; // back to the prototype's
    }
    expect(typeof crypto.randomUUID).toBe('function');
  });
});

describe('retryDelay', () => {
  test('grows exponentially with equal jitter', () => {
    expect(retryDelay(0, null, 0, () => 0)).toBe(500);
    expect(retryDelay(0, null, 0, () => 1)).toBe(1000);
    expect(retryDelay(3, null, 0, () => 0)).toBe(4000);
    expect(retryDelay(3, null, 0, () => 1)).toBe(8000);
  });

  test('is capped at five minutes', () => {
    expect(retryDelay(30, null, 0, () => 1)).toBe(300_000);
  });

  test('never retries sooner than Retry-After', () => {
    expect(retryDelay(0, '7', 0, () => 0)).toBe(7000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelay(0, 'Thu, 01 Jan 2026 00:00:30 GMT', now, () => 0)).toBe(30_000);
  });

  test('reads Retry-After as seconds or an HTTP date, ignoring nonsense', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBe(0);
    expect(retryAfterMs('soon')).toBe(0);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:00 GMT')).toBe(0);
    expect(retryAfterMs('999999')).toBe(3_600_000);
  });
});

describe('firstBatch', () => {
  const event = (comment: string) => ({ id: comment, comment }) as unknown as Event;

  test('takes at most `count` events', () => {
    const events = ['a', 'b', 'c'].map(event);
    expect(firstBatch(events, 2, 1e6).map((e) => e.id)).toEqual(['a', 'b']);
  });

  test('stops before the byte limit, but always takes one event', () => {
    const events = ['x'.repeat(100), 'y'.repeat(100), 'z'].map(event);
    expect(firstBatch(events, 10, 150)).toHaveLength(1);
    expect(firstBatch(events, 10, 50)).toHaveLength(1);
    expect(firstBatch(events, 10, 1e6)).toHaveLength(3);
  });

  test('counts bytes, not characters', () => {
    const events = ['é'.repeat(60), 'b'].map(event);
    // 60 two-byte characters exceed 100 bytes although they are 60 characters.
    expect(firstBatch(events, 10, 120)).toHaveLength(1);
  });
});

describe('validation', () => {
  test('names', () => {
    expect(isName('checkout')).toBe(true);
    expect(isName('a/b:c.d-e_f')).toBe(true);
    expect(isName('')).toBe(false);
    expect(isName('has space')).toBe(false);
    expect(isName('x'.repeat(101))).toBe(false);
    expect(isName(undefined)).toBe(false);
  });

  test('feedback needs a valid feature and a rating or a comment', () => {
    expect(feedbackProblem({ rating: { scale: 'thumbs', value: 1 } }, 'checkout')).toBeUndefined();
    expect(feedbackProblem({ comment: 'hi' }, 'checkout')).toBeUndefined();
    expect(feedbackProblem({ comment: '   ' }, 'checkout')).toBe('no rating or comment');
    expect(feedbackProblem({}, 'checkout')).toBe('no rating or comment');
    expect(feedbackProblem({ comment: 'hi' }, undefined)).toBe('feature');
    expect(feedbackProblem({ comment: 'x'.repeat(5001) }, 'checkout')).toBe('comment');
  });

  test('an email, when given, is an email address (as the service checks it)', () => {
    const problem = (email: string) => feedbackProblem({ comment: 'hi', email }, 'checkout');
    expect(problem('ada@example.com')).toBeUndefined();
    expect(problem('  ada@example.com ')).toBeUndefined(); // trimmed before sending
    expect(problem('jörg@müller.example')).toBeUndefined();
    expect(problem('')).toBeUndefined(); // blank: left out
    expect(problem('<script>alert(1)</script>')).toBe('email');
    expect(problem('ada at example.com')).toBe('email');
    expect(problem(`${'a'.repeat(320)}@example.com`)).toBe('email');
  });

  test('ratings follow their scale', () => {
    const ok = (scale: 'thumbs' | 'stars' | 'emoji' | 'nps', value: number) =>
      feedbackProblem({ rating: { scale, value } }, 'f') === undefined;
    expect([ok('thumbs', 0), ok('thumbs', 1), ok('thumbs', 2)]).toEqual([true, true, false]);
    expect([ok('stars', 0), ok('stars', 1), ok('stars', 5), ok('stars', 6)]).toEqual([false, true, true, false]);
    expect([ok('emoji', 3), ok('emoji', 2.5)]).toEqual([true, false]);
    expect([ok('nps', 0), ok('nps', 10), ok('nps', 11)]).toEqual([true, true, false]);
    expect(feedbackProblem({ rating: { scale: 'hearts' as 'stars', value: 1 } }, 'f')).toBe('rating');
  });
});

describe('listen and createQueue(options, listeners)', () => {
  test('listeners taken before the queue existed hear its events; off removes one', async () => {
    const { createQueue, listen, memoryStore } = await import('../src/index.js');
    const listeners = {};
    const on = listen(listeners);
    const heard: unknown[] = [];
    const off = on('sent', (payload) => heard.push(['early', payload]));
    const queue = createQueue({ key: 'pk_listen', storage: memoryStore(), sessionStorage: memoryStore() }, listeners);
    queue.on('sent', (payload) => heard.push(['late', payload]));
    const payload = { events: [], response: { accepted: 0, duplicates: 0, rejected: [] } };
    queue.emit('sent', payload);
    off();
    queue.emit('sent', payload);
    queue.stop();
    expect(heard).toEqual([['early', payload], ['late', payload], ['late', payload]]);
  });
});
