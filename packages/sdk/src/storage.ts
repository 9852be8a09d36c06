/** The part of the Web Storage API the SDK uses; tests and SSR pass their own. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Page-lifetime store, for tests and non-browser use. */
export function memoryStore(): KeyValueStore {
  const map: Record<string, string> = {};
  return { getItem: (k) => map[k] ?? null, setItem: (k, v) => void (map[k] = v), removeItem: (k) => void delete map[k] };
}

/**
 * JSON in a store, forgiving: Web Storage can be missing (SSR), blocked (some sandboxed iframes
 * throw on mere access), full, or hold garbage written by someone else.
 */
export function jsonStore(store: () => KeyValueStore) {
  return {
    load<T>(key: string, fallback: T): T {
      try {
        return JSON.parse(store().getItem(key)!) ?? fallback;
      } catch {
        return fallback;
      }
    },
    /** False when the store refused the write. */
    save(key: string, value: unknown): boolean {
      try {
        store().setItem(key, JSON.stringify(value));
        return true;
      } catch {
        try {
          store().removeItem(key); // a stale copy must not shadow the in-memory one
        } catch {}
        return false;
      }
    },
  };
}
