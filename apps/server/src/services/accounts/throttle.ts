import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { hashSecret } from './secrets.js';

/**
 * Failed sign-ins, counted per account and per client address in PostgreSQL (so every replica
 * counts the same): past the limit within the window, that account or address is refused until
 * the block ends, whatever the password. Keys are hashed: the table names no email or address.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  blockMs: 15 * 60_000,
  perAccount: 5,
  perAddress: 20,
};

const keysOf = (email: string, address: string) => ({
  account: hashSecret(`account:${email}`),
  address: hashSecret(`address:${address}`),
});

/** Seconds until the account or the address may try again, or 0. */
export async function blockedFor(db: Kysely<Database>, email: string, address: string): Promise<number> {
  const keys = keysOf(email, address);
  const rows = await db
    .selectFrom('sign_in_failures')
    .select('blocked_until')
    .where('key_hash', 'in', [keys.account, keys.address])
    .where('blocked_until', '>', new Date())
    .execute();
  const until = Math.max(0, ...rows.map((r) => new Date(r.blocked_until!).getTime()));
  return until === 0 ? 0 : Math.ceil((until - Date.now()) / 1000);
}

/** Counts one failure for both keys; blocks a key that reached its limit. */
export async function recordFailure(db: Kysely<Database>, email: string, address: string): Promise<void> {
  const keys = keysOf(email, address);
  const now = new Date();
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  for (const [key, limit] of [[keys.account, THROTTLE.perAccount], [keys.address, THROTTLE.perAddress]] as const) {
    const row = await db
      .insertInto('sign_in_failures')
      .values({ key_hash: key, failures: 1, window_start: now, blocked_until: null })
      .onConflict((oc) =>
        oc.column('key_hash').doUpdateSet((eb) => ({
          // A window that has passed starts again at this failure.
          failures: eb.case().when('sign_in_failures.window_start', '<', windowStart).then(1).else(eb('sign_in_failures.failures', '+', 1)).end(),
          window_start: eb.case().when('sign_in_failures.window_start', '<', windowStart).then(now).else(eb.ref('sign_in_failures.window_start')).end(),
        })),
      )
      .returning(['failures'])
      .executeTakeFirstOrThrow();
    if (row.failures >= limit) {
      await db.updateTable('sign_in_failures').set({ blocked_until: new Date(now.getTime() + THROTTLE.blockMs) }).where('key_hash', '=', key).execute();
    }
  }
}

/** A successful sign-in clears the account's count (not the address's: one good password must not unlock guessing others). */
export async function clearFailures(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key_hash', '=', keysOf(email, '').account).execute();
}

/** Deletes what no longer blocks or counts (retention). */
export async function purgeFailures(db: Kysely<Database>): Promise<number> {
  const cutoff = new Date(Date.now() - THROTTLE.windowMs);
  const result = await db
    .deleteFrom('sign_in_failures')
    .where('window_start', '<', cutoff)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', new Date())]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
