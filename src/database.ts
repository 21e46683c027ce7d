import { openDatabase, runMigrations, type Conn } from './db/client.js';
import { fillRevisionHashes } from './db/revisions.js';
import { backfillLog } from './modules/log/repository.js';
import { fillNameKeys } from './modules/organizations/names.js';
import { fillOrganizationSearchText } from './modules/organizations/search.js';
import { fillStatementSearchText } from './modules/statements/search.js';
import { upgradeTimelines } from './modules/timeline/upgrade.js';

/**
 * The database every front end (server, CLI, migrate) works on: opened with the settings writes
 * rely on, migrated, and upgraded where a migration needs data SQL cannot compute (hashes, name keys, search text).
 */
export function openMigratedDatabase(path: string): Conn {
  const db = openDatabase(path);
  try {
    migrateDatabase(db);
  } catch (error) {
    db.$client.close();
    throw error;
  }
  return db;
}

export function migrateDatabase(db: Conn): void {
  runMigrations(db);
  fillRevisionHashes(db);
  // After the hashes it logs, before the upgrade's own new revisions (which the triggers log).
  backfillLog(db);
  upgradeTimelines(db);
  fillNameKeys(db);
  fillOrganizationSearchText(db);
  fillStatementSearchText(db);
}
