import { expect, test } from 'vitest';

// Node has no window: importing the npm entry (e.g. during server-side rendering) must not touch it.
test('the npm entry imports without a window (SSR)', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const widget = await import('../src/index.js');
  expect(typeof widget.mountWidget).toBe('function');
});
