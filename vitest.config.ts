import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The client package's own tests travel with it (clients/typescript/test), and run here too.
    include: ['tests/**/*.test.ts', 'clients/typescript/test/**/*.test.ts'],
    // better-sqlite3 is a native module: worker threads share it badly, processes do not.
    pool: 'forks',
    // One database made by the real migrations, copied by each test that needs a fresh one.
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
