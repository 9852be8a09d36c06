import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

// Node has no window: importing the npm entry (e.g. during server-side rendering) must not touch it.
test('the npm entry imports without a window (SSR)', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const widget = await import('../src/index.js');
  expect(typeof widget.mountWidget).toBe('function');
});

// The same through the built packages, as a server renders the React and Vue apps of
// test/apps/ (mounting is in effects, which do not run on the server): plain Node, no test
// runner's module loader in between.
test('the built packages import, and the React and Vue apps render, in Node without a window', async () => {
  const script = `
if (typeof window != 'undefined') throw new Error('a window in Node');
const sdk = await import('@feedloop/sdk');
const widget = await import('@feedloop/widget');
const { createElement } = await import('react');
const { renderToString } = await import('react-dom/server');
const { createSSRApp } = await import('vue');
const vueServer = await import('vue/server-renderer');
const react = await import('./react-app.js');
const vue = await import('./vue-app.js');
const props = { apiKey: 'pk_test', endpoint: 'https://feedback.example.com' };
console.log(JSON.stringify({
  exports: [typeof sdk.createClient, typeof widget.mountWidget],
  react: renderToString(createElement(react.App, props)),
  vue: await vueServer.renderToString(createSSRApp(vue.App, props)),
}));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('./apps/', import.meta.url)),
  });
  const result = JSON.parse(stdout);
  expect(result.exports).toEqual(['function', 'function']);
  for (const html of [result.react, result.vue]) expect(html).toContain('Rate search');
});
