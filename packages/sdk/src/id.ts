/**
 * A random (v4) UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost), so
 * pages on plain http fall back to `crypto.getRandomValues`: each 0/1/8 of the template becomes a
 * random hex digit (1 and 8 keep the version and variant bits).
 */
export const uuid = (): string =>
  crypto.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
  );
