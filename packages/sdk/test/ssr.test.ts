import { expect, test } from 'vitest';

// Node has no window: importing and creating a client during server-side rendering must work.
test('imports and creates a client without a window (SSR)', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const { createClient } = await import('../src/index.js');
  const client = createClient({ key: 'pk_test', endpoint: 'https://feedback.example.com', fetch: () => new Promise(() => {}) });
  client.setFeature('checkout');
  const event = client.feedback({ rating: { scale: 'thumbs', value: 1 } });
  expect(event).toMatchObject({ type: 'feedback', feature: 'checkout', url: undefined });
  expect(client.pending()).toBe(1);
  client.destroy();
});

test('comments and emails are trimmed, blank ones left out, NUL characters replaced', async () => {
  const { createClient, memoryStore } = await import('../src/index.js');
  const client = createClient({ key: 'pk_test', feature: 'f', storage: memoryStore(), sessionStorage: memoryStore(), fetch: () => new Promise(() => {}) });
  const event = client.feedback({ comment: '  a\u0000b  ', email: '   ', rating: { scale: 'stars', value: 5 } });
  expect(event.comment).toBe('a\uFFFDb');
  expect(event.email).toBeUndefined();
  expect(() => client.feedback({ comment: '   ' })).toThrow(TypeError);
  client.destroy();
});

test('the page URL is sent only when it is http(s): a file: or extension page sends none', async () => {
  const { createClient, memoryStore } = await import('../src/index.js');
  const make = () => createClient({ key: 'pk_test', feature: 'f', storage: memoryStore(), sessionStorage: memoryStore(), fetch: () => new Promise(() => {}) });
  const location = (href: string) => Object.defineProperty(globalThis, 'location', { value: { href }, configurable: true });
  try {
    for (const [href, url] of [
      ['https://app.example.com/cart?x=1', 'https://app.example.com/cart?x=1'],
      ['http://localhost:3000/', 'http://localhost:3000/'],
      ['file:///home/ada/page.html', undefined],
      ['chrome-extension://abc/popup.html', undefined],
    ] as const) {
      location(href);
      const client = make();
      expect(client.feedback({ rating: { scale: 'thumbs', value: 1 } }).url).toBe(url);
      client.destroy();
    }
  } finally {
    delete (globalThis as { location?: unknown }).location;
  }
});
