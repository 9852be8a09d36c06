import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { postEvents } from '../../../server/test/support/app.js';
import { XSS_PAYLOADS } from '../../../server/test/support/xss.js';

const DAY = 86_400_000;
/** Events may be 90 days old in these tests (the service is started with a wider window). */
export const MAX_AGE_HOURS = String(24 * 92);

export { XSS_PAYLOADS };

export interface Seeded {
  total: number;
}

/**
 * A realistic small project: three features over 60 days with a release, two experiments (one
 * with a sample-ratio mismatch), and hostile feedback on the feature "xss".
 */
export async function seed(app: FastifyInstance, publicKey: string, secretKey: string): Promise<void> {
  const now = Date.now();
  const events: Record<string, unknown>[] = [];
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY - 3_600_000).toISOString();
  const base = (daysAgo: number, i: number) => ({
    id: randomUUID(),
    type: 'feedback',
    timestamp: new Date(now - daysAgo * DAY - i * 60_000).toISOString(),
    anonymousId: `anon-${daysAgo}-${i}`,
  });
  const categories = ['bug', 'idea', 'praise', 'question', 'other'];
  const words = ['Checkout was quick', 'Payment failed twice', 'Love the new button', 'Where is the coupon field?', 'Shipping costs unclear'];

  for (let d = 0; d < 60; d++) {
    const n = 3 + (d % 5);
    for (let i = 0; i < n; i++) {
      const up = d < 10 ? i % 7 !== 0 : i % 3 !== 0; // better after the release 10 days ago
      events.push({
        ...base(d, i),
        feature: 'checkout',
        rating: { scale: 'thumbs', value: up ? 1 : 0 },
        ...(i % 2 === 0 ? { comment: `${words[(d + i) % words.length]} (day ${d})`, category: categories[(d + i) % 5] } : {}),
        context: { appVersion: d < 10 ? '2.4.0' : '2.3.1' },
      });
    }
    for (let i = 0; i < 2; i++) {
      events.push({
        ...base(d, 10 + i),
        feature: 'search',
        rating: { scale: 'stars', value: 1 + ((d * 3 + i * 2) % 5) },
        ...(i === 0 && d % 3 === 0 ? { comment: `Search result ${d} was ${d % 2 ? 'spot on' : 'off'}`, category: 'idea' } : {}),
      });
    }
    if (d % 2 === 0) events.push({ ...base(d, 20), feature: 'onboarding/step:1', rating: { scale: 'nps', value: (d * 7) % 11 } });
  }

  // Experiments: checkout-button split 50/50 (one-click is liked more); banner split 150/50 (SRM).
  for (let u = 0; u < 200; u++) {
    const variant = u % 2 === 0 ? 'control' : 'one-click';
    const user = `user-${u}`;
    const daysAgo = u % 20;
    events.push({ type: 'exposure', id: randomUUID(), timestamp: at(daysAgo), anonymousId: user, experiment: 'checkout-button', variant });
    events.push({
      type: 'exposure',
      id: randomUUID(),
      timestamp: at(daysAgo),
      anonymousId: user,
      experiment: 'banner',
      variant: u % 4 === 0 ? 'on' : 'off',
    });
    if (u % 3 !== 2) {
      const liked = variant === 'one-click' ? u % 10 !== 1 : u % 10 < 5;
      events.push({
        type: 'feedback',
        id: randomUUID(),
        timestamp: at(daysAgo),
        anonymousId: user,
        feature: 'checkout',
        experiments: { 'checkout-button': variant, banner: u % 4 === 0 ? 'on' : 'off' },
        rating: { scale: 'thumbs', value: liked ? 1 : 0 },
      });
    }
  }

  XSS_PAYLOADS.forEach((payload, i) =>
    events.push({
      ...base(0, 100 + i),
      timestamp: new Date(now - 3 * DAY - i * 1000).toISOString(),
      feature: 'xss',
      rating: { scale: 'stars', value: 1 + (i % 5) },
      comment: payload,
      userId: payload.slice(0, 200),
      // Ingest takes http(s) URLs and email addresses only; the hostile ones are written below.
      url: `https://app.example.com/xss/${i}`,
      email: `xss-${i}@example.com`,
      context: { appVersion: '<b>1</b>' },
      metadata: { note: payload.slice(0, 500) },
    }),
  );

  for (let i = 0; i < events.length; i += 100) {
    const response = await postEvents(app, publicKey, events.slice(i, i + 100));
    const body = response.json() as { accepted: number; rejected: unknown[] };
    if (response.statusCode !== 200 || body.rejected.length > 0) throw new Error(`seeding failed: ${response.body}`);
  }

  // What ingest now refuses, as rows stored before those rules may still hold it: a script URL
  // and markup as the email. Straight into the raw table (neither is counted by any aggregate).
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    await app.db
      .updateTable('feedback')
      .set({ url: `javascript:alert(${i})//${payload}`.slice(0, 2000), email: '"><img src=x onerror=alert(1)>@example.com' })
      .where('feature', '=', 'xss')
      .where('email', '=', `xss-${i}@example.com`)
      .execute();
  }

  const release = await app.inject({
    method: 'POST',
    url: '/v1/releases',
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ version: '2.4.0', releasedAt: new Date(now - 10 * DAY).toISOString(), features: ['checkout'] }),
  });
  if (release.statusCode !== 201) throw new Error(`release failed: ${release.body}`);
}
