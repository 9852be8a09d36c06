import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type KeyKind = 'public' | 'secret';

const PREFIX: Record<KeyKind, string> = { public: 'pk_', secret: 'sk_' };

/** 192 bits of randomness for public keys, 256 for secret keys, base64url. */
export function generateKey(kind: KeyKind): string {
  return PREFIX[kind] + randomBytes(kind === 'secret' ? 32 : 24).toString('base64url');
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Shows a key's prefix only, for lists and logs. */
export function keyHint(key: string): string {
  return `${key.slice(0, 7)}…`;
}

export function keyKind(key: string): KeyKind | undefined {
  if (key.startsWith(PREFIX.public)) return 'public';
  if (key.startsWith(PREFIX.secret)) return 'secret';
  return undefined;
}

/** Constant-time string comparison (on hashes, so lengths never leak either). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
