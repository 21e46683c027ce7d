import { sql } from 'drizzle-orm';
import { openDatabase, runMigrations, type Conn } from '../../db/client.js';

/**
 * The database's triggers (its append-only guards, and those that fill the outbox and the search
 * indexes) compared with the ones the committed migrations make: by name and SQL, so that a guard
 * dropped, emptied under the same name or joined by another is seen. The reference comes from the
 * migrations alone, never from the database being checked.
 */

export interface TriggerCheck {
  /** Made by the migrations, absent here. */
  missing: string[];
  /** Present under a migration's name with other SQL. */
  changed: string[];
  /** Never made by the migrations. */
  extra: string[];
}

/** Schema objects of one type by name, their SQL with runs of white space made one space. */
export function schemaObjects(db: Conn, type: 'trigger' | 'table'): Map<string, string> {
  const rows = db.all<{ name: string; sql: string | null }>(
    sql`select name, sql from sqlite_master where type = ${type} order by name`,
  );
  return new Map(rows.map((r) => [r.name, (r.sql ?? '').replace(/\s+/g, ' ').trim()]));
}

let migrated: { triggers: Map<string, string>; tables: Map<string, string> } | undefined;

/** The schema the committed migrations make, migrated once per process into a database in memory. */
export function migratedSchema() {
  if (!migrated) {
    const db = openDatabase(':memory:');
    try {
      runMigrations(db);
      migrated = { triggers: schemaObjects(db, 'trigger'), tables: schemaObjects(db, 'table') };
    } finally {
      db.$client.close();
    }
  }
  return migrated;
}

export function checkTriggers(db: Conn): TriggerCheck {
  const expected = migratedSchema().triggers;
  const present = schemaObjects(db, 'trigger');
  return {
    missing: [...expected.keys()].filter((name) => !present.has(name)),
    changed: [...present]
      .filter(([name, text]) => expected.has(name) && expected.get(name) !== text)
      .map(([name]) => name),
    extra: [...present.keys()].filter((name) => !expected.has(name)),
  };
}
