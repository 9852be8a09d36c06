/**
 * Lazy parts of the script-tag build. Each is a classic script next to feedloop.js that hands its
 * export to `window.feedloop.__define(name, value)`. Classic scripts need no CORS from a CDN,
 * and `script-src 'self'` (or the nonce, passed on) allows them.
 */
export function chunkLoader(base: string, nonce: string | undefined) {
  const waiting: Record<string, (value: never) => void> = {};
  return {
    define: (name: string, value: never) => waiting[name]?.(value),
    load: <T>(name: string) =>
      new Promise<T>((resolve, reject) => {
        waiting[name] = resolve;
        const script = document.createElement('script');
        script.src = base + 'feedloop-' + name + '.js';
        if (nonce) script.nonce = nonce;
        script.onerror = reject;
        document.head.append(script);
      }),
  };
}
