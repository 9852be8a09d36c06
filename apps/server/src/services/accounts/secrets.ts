import { randomBytes } from 'node:crypto';
export { hashKey as hashSecret } from '../projects/keys.js';

/** A bearer secret (session, API token, one-time link): 256 random bits, base64url, with a prefix that names its kind. */
export function newSecret(prefix: 'fls_' | 'flt_' | 'fll_'): string {
  return prefix + randomBytes(32).toString('base64url');
}
