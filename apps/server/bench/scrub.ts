/**
 * The scrubber's cost per event, against JSON.parse of the same event in the same run: the
 * ingest path parses every event anyway, so the ratio says what scrubbing adds whatever the
 * machine. `pnpm bench:scrub` (one core, a few seconds).
 *
 * Each case: N copies of one event's JSON; the parse of every copy is timed, then scrubEvent
 * over the parsed copies (fresh ones each round: scrubbing changes dirty events). Median of the
 * rounds, in µs per event.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_PRIVACY_SETTINGS } from '@feedloop/protocol';
import { compileScrubber, DEFAULT_SCRUBBER, scrubEvent, type Scrubber } from '../src/services/events/scrub/index.js';
import type { ValidEvent } from '../src/services/events/validate-event.js';

const N = 20_000;
const ROUNDS = 9;

const common = () => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  anonymousId: randomUUID(),
  sessionId: randomUUID(),
  userId: 'user_48213',
  url: 'https://app.example.com/checkout/shipping?step=2&utm_source=newsletter',
  experiments: { 'checkout-button': 'green', 'new-nav': 'control' },
  context: { appVersion: '4.12.0', locale: 'en-GB' },
});

const CASES: { name: string; event: object; scrubber?: Scrubber; distinctUrls?: boolean }[] = [
  {
    name: 'feedback, clean (typical)',
    event: { type: 'feedback', ...common(), feature: 'checkout', rating: { scale: 'stars', value: 4 }, comment: 'The shipping options are confusing, I could not find express delivery.', category: 'idea', metadata: { plan: 'pro', seats: 12, beta: true } },
  },
  { name: 'exposure (url only, a page seen before)', event: { type: 'exposure', ...common(), experiment: 'checkout-button', variant: 'green' } },
  { name: 'exposure (url only, every page new)', event: { type: 'exposure', ...common(), experiment: 'checkout-button', variant: 'green' }, distinctUrls: true },
  {
    name: 'feedback, clean, 5,000-char comment',
    event: { type: 'feedback', ...common(), feature: 'checkout', comment: 'The new checkout is much faster, thank you! '.repeat(114).slice(0, 5000) },
  },
  {
    name: 'feedback, clean, 5,000 chars with hyphens',
    event: { type: 'feedback', ...common(), feature: 'checkout', comment: 'The well-known checkout is much faster, thank you! '.repeat(100).slice(0, 5000) },
  },
  {
    name: 'feedback with secrets',
    event: {
      type: 'feedback', ...common(), feature: 'checkout', rating: { scale: 'thumbs', value: 0 },
      comment: 'Payment failed with card 4111 1111 1111 1111, my API key is sk_live_4eC39HqLyjWDarjtT1zdp7dc, see https://app.example.com/reset?token=abc123',
      metadata: { password: 'hunter2', plan: 'pro' },
    },
  },
  {
    name: 'feedback, clean, project with every setting on',
    event: { type: 'feedback', ...common(), feature: 'checkout', rating: { scale: 'stars', value: 4 }, comment: 'The shipping options are confusing, I could not find express delivery.', metadata: { plan: 'pro', seats: 12 } },
    scrubber: compileScrubber({ ...DEFAULT_PRIVACY_SETTINGS, extraPatterns: ['ORD-[0-9]{6}', '(?i)internal'], dropMetadataKeys: ['debug'], emailsInComments: 'redact', phonesInComments: 'redact', urlQueryStrings: 'drop' }),
  },
];

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`scrub cost per event vs JSON.parse of the same event (${N} events × ${ROUNDS} rounds, median; Node ${process.version})\n`);
console.log('case'.padEnd(50), 'parse µs'.padStart(9), 'scrub µs'.padStart(9), 'scrub/parse'.padStart(12));
let sink = 0;
for (const c of CASES) {
  // Distinct URLs: each copy's page differs, so none is known clean from before.
  const jsons = Array.from({ length: c.distinctUrls ? N : 1 }, (_, i) =>
    JSON.stringify(c.distinctUrls ? { ...c.event, url: `https://app.example.com/orders/${i}/items?page=${i % 7}&sort=price` } : c.event),
  );
  const scrubber = c.scrubber ?? DEFAULT_SCRUBBER;
  const parseTimes: number[] = [];
  const scrubTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const parsed: ValidEvent[] = new Array(N);
    let t = performance.now();
    for (let i = 0; i < N; i++) parsed[i] = JSON.parse(jsons[i % jsons.length]!) as ValidEvent;
    parseTimes.push(((performance.now() - t) * 1000) / N);
    const counts = {};
    // A new scrubber's memory of clean URLs each round (the default one's is shared, so it is emptied).
    scrubber.cleanUrls.clear();
    t = performance.now();
    for (let i = 0; i < N; i++) scrubEvent(parsed[i]!, scrubber, counts);
    scrubTimes.push(((performance.now() - t) * 1000) / N);
    sink += Object.keys(counts).length;
  }
  const parse = median(parseTimes.slice(2));
  const scrub = median(scrubTimes.slice(2));
  console.log(c.name.padEnd(50), parse.toFixed(2).padStart(9), scrub.toFixed(2).padStart(9), (scrub / parse).toFixed(2).padStart(12));
}
if (sink < 0) console.log(sink);
