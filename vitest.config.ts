import { defineConfig } from 'vitest/config';

// Unit, integration and HTTP tests of every workspace package. Browser tests (real Chromium)
// have their own config: vitest.browser.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
  },
});
