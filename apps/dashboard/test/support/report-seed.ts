import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ORIGIN, postEvents } from '../../../server/test/support/app.js';

const DAY = 86_400_000;

/** Release notes with markup: the report must show them as text. */
export const HOSTILE_NOTES = '<img src=x onerror="window.__xss=1;alert(1)"> Faster <b>checkout</b> & coupons';

/**
 * A project whose last 30 days (the dashboard's default range) make a report with something in
 * every section, all through the public API: checkout's thumbs improve clearly on the 30 days
 * before (and again after release 3.1.0, ten days ago), search's stars worsen, profile stays the same; the
 * experiment pricing-page ran from 20 to 16 days ago; comments mention "coupon" most; four items
 * are closed, and one of their two submitters has seen the update in their widget.
 */
export async function seedReport(app: FastifyInstance, publicKey: string, secretKey: string): Promise<{ closed: string[] }> {
  const now = Date.now();
  // Days 2–27 ago fall in the last 30 days, 32–57 in the 30 before, whatever the time of day.
  const at = (daysAgo: number, i = 0) => new Date(now - daysAgo * DAY - i * 60_000).toISOString();
  const events: Record<string, unknown>[] = [];
  const feedback = (daysAgo: number, i: number, fields: Record<string, unknown>) =>
    events.push({ type: 'feedback', id: randomUUID(), timestamp: at(daysAgo, i), anonymousId: `anon-${daysAgo}-${i}-${events.length}`, ...fields });
  const comments = ['The coupon field is hidden', 'Coupon code worked great', 'Shipping estimate was wrong', 'Fast checkout with a coupon'];

  for (let i = 0; i < 60; i++) {
    feedback(32 + (i % 26), i, { feature: 'checkout', rating: { scale: 'thumbs', value: i % 10 < 3 ? 1 : 0 } }); // 30 % up
  }
  for (let i = 0; i < 130; i++) {
    // 70 % up before the release (10 days ago), 95 % after.
    const daysAgo = 2 + (i % 26);
    feedback(daysAgo, i, {
      feature: 'checkout',
      rating: { scale: 'thumbs', value: i % 20 < (daysAgo < 10 ? 19 : 14) ? 1 : 0 },
      ...(i % 3 === 0 ? { comment: comments[(i / 3) % comments.length] } : {}),
    });
  }
  for (let i = 0; i < 50; i++) {
    feedback(32 + (i % 26), i, { feature: 'search', rating: { scale: 'stars', value: i % 2 ? 5 : 4 } });
    feedback(2 + (i % 26), i, { feature: 'search', rating: { scale: 'stars', value: 1 + (i % 3) } });
  }
  for (let i = 0; i < 40; i++) {
    feedback(32 + (i % 26), i, { feature: 'profile', rating: { scale: 'emoji', value: 1 + (i % 5) } });
    feedback(2 + (i % 26), i, { feature: 'profile', rating: { scale: 'emoji', value: 1 + (i % 5) } });
  }
  // Hostile comments: their words become terms.
  for (let i = 0; i < 3; i++) {
    feedback(3, 100 + i, { feature: 'profile', comment: `<script>window.__xss=${i}</script><img src=x onerror=alert(${i})> coupon` });
  }
  // pricing-page: 200 users, 20 to 16 days ago; annual is liked far more than control.
  for (let u = 0; u < 200; u++) {
    const variant = u % 2 === 0 ? 'control' : 'annual';
    const anonymousId = `pricing-${u}`;
    const daysAgo = 16 + (u % 5);
    events.push({ type: 'exposure', id: randomUUID(), timestamp: at(daysAgo), anonymousId, experiment: 'pricing-page', variant });
    if (Math.floor(u / 2) % 10 < 7) {
      const liked = variant === 'annual' ? u % 20 !== 1 : u % 20 < 7;
      events.push({
        type: 'feedback',
        id: randomUUID(),
        timestamp: at(daysAgo),
        anonymousId,
        feature: 'pricing',
        experiments: { 'pricing-page': variant },
        rating: { scale: 'thumbs', value: liked ? 1 : 0 },
      });
    }
  }
  // Items to close: reporter-1 sent two, reporter-2 and reporter-3 one each.
  const reporters = ['reporter-1', 'reporter-1', 'reporter-2', 'reporter-3'];
  const closed = reporters.map((anonymousId, i) => {
    const id = randomUUID();
    events.push({ type: 'feedback', id, timestamp: at(4, i), anonymousId, feature: 'checkout', comment: `Please add a coupon box (${i})` });
    return id;
  });

  for (let i = 0; i < events.length; i += 100) {
    const response = await postEvents(app, publicKey, events.slice(i, i + 100));
    const body = response.json() as { accepted: number; rejected: unknown[] };
    if (response.statusCode !== 200 || body.rejected.length > 0) throw new Error(`seeding failed: ${response.body}`);
  }

  const auth = { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' };
  const call = async (method: 'POST' | 'PATCH', url: string, body: unknown, headers: Record<string, string> = auth) => {
    const response = await app.inject({ method, url, headers, payload: JSON.stringify(body) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  await call('POST', '/v1/releases', { version: '3.1.0', releasedAt: at(10), features: ['checkout'], notes: HOSTILE_NOTES });
  await call('PATCH', `/v1/feedback/${closed[0]}`, { status: 'done', publicReply: 'Added in 3.1.0' });
  await call('PATCH', `/v1/feedback/${closed[1]}`, { status: 'done', publicReply: 'Same here: added' });
  await call('PATCH', `/v1/feedback/${closed[2]}`, { status: 'declined' });
  await call('PATCH', `/v1/feedback/${closed[3]}`, { status: 'done' });
  // reporter-1's widget shows the updates and marks them seen.
  const widget = { 'x-feedloop-key': publicKey, origin: ORIGIN, 'content-type': 'text/plain' };
  const { updates } = (await call('POST', '/v1/updates', { anonymousId: 'reporter-1' }, widget)) as { updates: { id: string }[] };
  if (updates.length !== 2) throw new Error(`expected 2 updates for reporter-1, got ${updates.length}`);
  await call('POST', '/v1/updates/seen', { anonymousId: 'reporter-1', ids: updates.map((u) => u.id) }, widget);
  return { closed };
}
