/**
 * Allowed origins are stored normalised (scheme://host[:port], lower case, default port
 * dropped) so that the comparison with a browser's Origin header is a plain string match.
 */
export function normalizeOrigin(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed === '*') return '*';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    return undefined;
  }
  return url.origin;
}

export function isOriginAllowed(allowed: readonly string[], origin: string | undefined): boolean {
  // Requests without an Origin header do not come from a browser page; the key alone authorises them.
  if (origin === undefined) return true;
  return allowed.includes('*') || allowed.includes(origin);
}
