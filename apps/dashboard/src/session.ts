/**
 * The project's secret key lives in sessionStorage only: gone when the tab closes, never put in a
 * URL (the router uses the hash for pages, nothing else), never logged.
 */
const KEY = 'feedloop.dashboard.secretKey';

export function storedKey(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* storage disabled: nothing was kept */
  }
}

/** A secret key's shape (`sk_` and URL-safe characters); the server has the last word. */
export function looksLikeSecretKey(key: string): boolean {
  return /^sk_[A-Za-z0-9_-]{8,}$/.test(key);
}
