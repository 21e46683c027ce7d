import { copyFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openMigratedDatabase } from '../../src/database.js';

/**
 * Puts a migrated database at `path`, as a first start would make it: a copy of the one the real
 * migrations made at the start of this run (tests/support/global-setup.ts), or, without it, a
 * migration run here. The app and the CLI still open it through openMigratedDatabase, which
 * then finds every migration applied.
 */
export function migratedDatabaseAt(path: string): void {
  const template = inject('migratedDatabase');
  if (template) copyFileSync(template, path);
  else openMigratedDatabase(path).$client.close();
}
