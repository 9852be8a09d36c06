import { count, marker, MARKER_PREFIX, type ScrubCounts } from './kinds.js';

/** `scheme://user:password@`: the password goes, the user name stays. */
const CREDENTIALS = /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/?#[\]]{0,200}:)([^\s@/?#]{1,200})@/gi;

export function scrubUrlPasswords(text: string, counts: ScrubCounts): string {
  if (!text.includes('@')) return text;
  return text.replace(CREDENTIALS, (all, head: string, password: string) =>
    password.startsWith(MARKER_PREFIX) ? all : (count(counts, 'url_password'), `${head}${marker('url_password')}@`),
  );
}

/** The URL without its query string (the fragment stays: single-page apps route by it). */
export function dropQuery(url: string, counts: ScrubCounts): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  count(counts, 'query_string');
  return url.slice(0, q) + (hash < 0 ? '' : url.slice(hash));
}
