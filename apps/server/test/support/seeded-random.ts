/** A deterministic random source: a randomized test replays exactly with the same seed. */
export interface Random {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast, and good enough to shuffle a test's choices. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)]!, chance: (p) => next() < p };
}

/** The seed of a randomized test: FEEDLOOP_TEST_SEED replays a run; printed either way, to replay a failure. */
export function testSeed(name: string): number {
  const given = process.env.FEEDLOOP_TEST_SEED;
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`FEEDLOOP_TEST_SEED must be an integer, not ${given}`);
  console.log(`${name}: seed ${seed} (replay with FEEDLOOP_TEST_SEED=${seed})`);
  return seed;
}
