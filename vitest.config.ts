import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The client package's own tests travel with it (clients/typescript/test), and run here too.
    include: ['tests/**/*.test.ts', 'clients/typescript/test/**/*.test.ts'],
    // better-sqlite3 is a native module: worker threads share it badly, processes do not.
    pool: 'forks',
    // At least two files at a time, even on two cores (vitest's default would be one): much of a
    // file's time is spent waiting on the processes, servers and worker threads it starts.
    maxWorkers: Math.max(2, availableParallelism()),
    // Each fork runs file after file with its modules loaded once (importing the app and its
    // dependencies took ~1 s per file, 110 s a run). Every test still builds its own app on its
    // own database; nothing in tests/ mocks modules or changes globals.
    isolate: false,
    // One database made by the real migrations, copied by each test that needs a fresh one.
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
