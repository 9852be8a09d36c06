import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts'],
    // PGlite boots a WASM Postgres per test file; PostgreSQL runs get a schema per file.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
