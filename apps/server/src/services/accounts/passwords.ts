import { hash, verify } from '@node-rs/argon2';

/*
 * Passwords are hashed with Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane:
 * about 25 ms here), the library's defaults; the parameters travel inside each PHC string, so
 * raising them later re-hashes nobody by force and verifies old hashes still.
 */

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of nothing anyone knows: verified against when the account does not exist, so both take the same time. */
let decoy: Promise<string> | undefined;

/** Whether `password` matches `stored`; with no stored hash, the same work for a certain no. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await (decoy ??= hash(crypto.randomUUID())), password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
