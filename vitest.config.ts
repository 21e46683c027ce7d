import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // better-sqlite3 is a native module: worker threads share it badly, processes do not.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
