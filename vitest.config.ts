import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summary-line.ts'],
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Browser tests share two cores: run test files one at a time, never in parallel.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One throwaway PostgreSQL for the run when it is installed (the PostgreSQL half of the suite).
    globalSetup: ['./test/helpers/postgres-global-setup.ts'],
  },
});
