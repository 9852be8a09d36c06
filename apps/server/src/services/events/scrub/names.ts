/**
 * Whether a name (a query parameter, a `name=value` in text, a metadata key) says its value is a
 * secret. Names are split into words (snake_case, kebab-case, camelCase), so `apiKey` and
 * `api_key` are the same, and `monkey` or `keyboard` are not `key`.
 */

/** A word that makes any name sensitive, wherever it stands. */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass']);
const SECRET_WORDS = new Set([
  'secret', 'token', 'apikey', 'credential', 'credentials', 'authorization', 'auth', 'jwt', 'otp',
  'sessionid', 'sessid', 'cookie', 'privatekey', 'accesskey', 'signature',
]);
/** Two words that together are (api key, session id, …). */
const PAIRS = new Set(['api key', 'access key', 'private key', 'secret key', 'session id', 'session key', 'client secret', 'refresh token']);
/** What the issue names for query parameters besides: any `key`, `session`, `code`, `sig`. */
const URL_WORDS = new Set(['key', 'session', 'code', 'sig', 'sid']);

export type Sensitivity = 'password' | 'secret' | undefined;

export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A name in text or metadata: password words, secret words, or a sensitive pair. */
export function nameSensitivity(name: string): Sensitivity {
  const list = words(name);
  let secret = false;
  for (let i = 0; i < list.length; i++) {
    const word = list[i]!;
    if (PASSWORD_WORDS.has(word)) return 'password';
    if (SECRET_WORDS.has(word) || (i > 0 && PAIRS.has(`${list[i - 1]} ${word}`))) secret = true;
  }
  return secret ? 'secret' : undefined;
}

/** A query parameter's name: the same, and also any `key`, `session` or `code` word. */
export function isSensitiveParam(name: string): boolean {
  if (nameSensitivity(name)) return true;
  return words(name).some((word) => URL_WORDS.has(word));
}
