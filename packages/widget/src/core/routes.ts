/**
 * The feature for a path: an exact pattern, or a prefix ending in `*`; the longest match wins.
 * `{"/checkout*": "checkout", "/": "home"}`. The widget asks this when feedback is given, with the
 * path of that moment, so single-page-app navigation (pushState, popstate, hash) needs no hooks.
 */
export function featureForPath(routes: Record<string, string>, path: string): string | undefined {
  let best: string | undefined;
  let length = -1;
  for (const pattern in routes) {
    const prefix = pattern.endsWith('*') && pattern.slice(0, -1);
    if ((prefix === false ? path == pattern : path.startsWith(prefix)) && pattern.length > length)
      [best, length] = [routes[pattern], pattern.length];
  }
  return best;
}
