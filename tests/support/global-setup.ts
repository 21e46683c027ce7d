// Once per `vitest run`: one database made by the real migrations (and the upgrade steps that
// follow them, src/database.ts), which tests copy instead of migrating a new file each time
// (tests/support/migrated.ts). Migrating costs 100-150 ms; a copy, a few.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openMigratedDatabase } from '../../src/database.js';
import { spawnsBuild } from './entry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database file the migrations made: copy it, never open it (tests/support/migrated.ts). */
    migratedDatabase: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'undersigned-migrated-'));
  const path = join(dir, 'migrated.db');
  const db = openMigratedDatabase(path);
  // Everything in the main file, so that copying that one file copies the database.
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  if (existsSync(`${path}-wal`)) throw new Error(`${path}-wal is left after closing: the copy would miss it`);
  project.provide('migratedDatabase', path);
  if (!spawnsBuild() && process.env.UNDERSIGNED_TEST_SPAWN !== 'src') {
    process.stderr.write(
      'note: dist/ is missing or older than src/: the server and CLI processes run through tsx, slower (npm run build, then test again)\n',
    );
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
