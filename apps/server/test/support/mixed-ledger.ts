import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { CATEGORIES } from '@feedloop/protocol';
import type { Database } from '../../src/db/schema.js';
import { exposureEvent, feedbackEvent } from './app.js';
import { Ledger } from './load.js';
import type { Random } from './seeded-random.js';

type Event = ReturnType<typeof feedbackEvent>;

const DAY = 86_400_000;
const FEATURES = ['alpha', 'beta', 'gamma'];
const EXPERIMENTS = ['onboarding', 'pricing'];
const SCALES = [
  { scale: 'stars', values: 5, min: 1 },
  { scale: 'thumbs', values: 2, min: 0 },
  { scale: 'nps', values: 11, min: 0 },
] as const;

/**
 * A Ledger whose events look like a real project's, drawn from a seeded random source: feedback
 * and exposures, a small world of users met again and again (so first sightings keep moving),
 * features, experiments in and out, ratings, comments, categories; a share of the events days
 * late (first sightings move back, old days' rollups change), and now and then an earlier event
 * sent again (a retry whose answer was lost).
 */
export class MixedLedger extends Ledger {
  private readonly sent: Event[] = [];

  constructor(
    key: string,
    private readonly random: Random,
    private readonly world: { users: number; lateShare: number; lateDays: number } = { users: 40, lateShare: 0.2, lateDays: 20 },
  ) {
    super(key, FEATURES);
  }

  override newEvents(n: number): Event[] {
    const { random } = this;
    const events = Array.from({ length: n }, () => {
      const anonymousId = `u${random.int(this.world.users)}`;
      const timestamp = new Date(this.when()).toISOString();
      if (random.chance(0.25)) {
        return exposureEvent({ anonymousId, timestamp, experiment: random.pick(EXPERIMENTS), variant: random.pick(['a', 'b']) });
      }
      const rating = random.pick(SCALES);
      const experiments = Object.fromEntries(EXPERIMENTS.filter(() => random.chance(0.6)).map((e) => [e, random.pick(['a', 'b'])]));
      return feedbackEvent({
        anonymousId,
        timestamp,
        feature: random.pick(FEATURES),
        experiments,
        rating: { scale: rating.scale, value: rating.min + random.int(rating.values) },
        ...(random.chance(0.3) ? { comment: `comment ${random.int(1000)}` } : {}),
        ...(random.chance(0.3) ? { category: random.pick(CATEGORIES) } : {}),
      });
    });
    if (this.sent.length > 0 && random.chance(0.05)) events.push(random.pick(this.sent));
    for (const e of events) if (this.sent.length < 500) this.sent.push(e);
    return events;
  }

  /**
   * Feedback on every feature, today and yesterday: afterwards each recent event meets rollup
   * rows that exist already (rows a test can lock to hold a pass in the middle).
   */
  everyFeatureRecently(): Event[] {
    return FEATURES.flatMap((feature) =>
      [0, DAY].map((ago) =>
        feedbackEvent({ feature, anonymousId: `u${this.random.int(this.world.users)}`, timestamp: new Date(Date.now() - ago).toISOString(), experiments: { onboarding: 'a' } }),
      ),
    );
  }

  /** Mostly within the last minutes; a share of them days late. */
  private when(): number {
    const { random, world } = this;
    const late = random.chance(world.lateShare) ? (1 + random.int(world.lateDays)) * DAY : 0;
    return Date.now() - late - random.int(5 * 60_000);
  }
}

/**
 * The ledger's side of the books: every acknowledged id (feedback or exposure) is stored, each
 * once, and nothing the clients never saw acknowledged remains unaccounted for once they retried
 * everything (stored = acknowledged).
 */
export async function expectEveryAcknowledgedEventOnce(db: Kysely<Database>, projectId: string, ledger: Ledger): Promise<void> {
  const feedback = await db.selectFrom('feedback').select('id').where('project_id', '=', projectId).execute();
  const exposures = await db.selectFrom('exposures').select('id').where('project_id', '=', projectId).execute();
  const ids = [...feedback, ...exposures].map((r) => r.id);
  const stored = new Set(ids);
  expect(stored.size, 'an id stored twice').toBe(ids.length);
  expect([...ledger.acknowledged].filter((id) => !stored.has(id)), 'acknowledged but not stored').toEqual([]);
  expect(ledger.pending.size, 'events never acknowledged').toBe(0);
  expect(stored.size).toBe(ledger.acknowledged.size);
}
