import { defineConfig } from 'vitest/config';

// Browser tests drive Debian's Chromium through playwright-core against the real service.
// One file at a time: each starts a browser and a server, and the machine has two cores.
export default defineConfig({
  test: {
    include: ['{packages,apps}/*/test/**/*.browser.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
