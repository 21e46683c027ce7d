import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { logHashes } from '../lib/log-leaf.js';
import * as schema from './schema.js';

/**
 * The connection every repository takes. better-sqlite3 has one connection per database handle and
 * its transactions are synchronous, so inside a transaction this same object runs in it: a
 * transaction is a connection, and no repository is handed another kind of object.
 */
export type Conn = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** migrations/ sits two levels above this file both in src/db and in dist/db. */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Open (creating if needed) the SQLite file with the settings every acknowledged write relies on:
 * WAL for concurrent readers, synchronous=FULL so a commit survives power loss, foreign keys, and
 * a busy timeout so a second process (the CLI) waits instead of failing.
 *
 * temp_store=MEMORY: each write of a group commit runs in a savepoint, and an import in one long
 * transaction, so nearly every INSERT (triggers, several indexes) keeps a statement journal to undo
 * itself. On a file those journals cost a temp file's writes per statement: about 40% of an
 * append's SQL time. They hold a statement's undo pages only, so memory stays small.
 */
export function openDatabase(path: string): Conn {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
  registerLogFunctions(sqlite);
  return drizzle(sqlite, { schema });
}

/**
 * The hashing the log's triggers call (migrations/0018): every connection that writes records
 * needs it, which is why a shell connection without it cannot insert one.
 */
export function registerLogFunctions(sqlite: Database.Database): void {
  sqlite.function('log_hashes', { deterministic: true, varargs: true }, logHashes);
}

export function runMigrations(db: Conn): void {
  migrate(db, { migrationsFolder });
}

/**
 * Runs `write` as one transaction: the one open on the connection already (the write lane's
 * batch, where each write has a savepoint of its own to roll back alone), else a BEGIN IMMEDIATE
 * of its own (the CLI, an upgrade at start). A write is never split, and never nests a second
 * transaction inside the lane's. Synchronous, like every better-sqlite3 transaction.
 */
export function inTransaction<T>(db: Conn, write: () => T): T {
  return db.$client.inTransaction ? write() : db.$client.transaction(write).immediate();
}

/** As inTransaction, for reads that must see one state (a dry run): no write lock is taken. */
export function inSnapshot<T>(db: Conn, read: () => T): T {
  return db.$client.inTransaction ? read() : db.$client.transaction(read).deferred();
}

/**
 * The one way to keep prepared statements: made once per connection, the first time it is asked.
 * Drizzle builds and prepares SQL on every call, and raw SQL prepared per call costs the same,
 * which on a hot path (every append, every write's key check, every list read) costs more than
 * the query. `prepare` may return one statement or an object of several.
 */
export function preparedOnce<T>(prepare: (db: Conn) => T): (db: Conn) => T {
  const cache = new WeakMap<Conn, T>();
  return (db) => {
    let found = cache.get(db);
    if (found === undefined) cache.set(db, (found = prepare(db)));
    return found;
  };
}

/** Rows changed on this connection so far (SQLite's total_changes()): every write moves it. */
export const totalChanges = preparedOnce(({ $client: client }) =>
  client.prepare<[], number>('select total_changes()').pluck(),
);
