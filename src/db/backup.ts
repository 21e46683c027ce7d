import { existsSync, fsyncSync, linkSync, openSync, closeSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Conn } from './client.js';
import * as schema from './schema.js';

/**
 * Online backups and restores of the SQLite file. A backup is one self-contained file (rollback
 * journal, no -wal beside it) holding the database exactly as it was at one commit.
 */

/** Pages per backup step: all of them, so the copy is one read transaction (one consistent state). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the database at `source` into `destination` while other processes keep writing to it
 * (SQLite's online backup API, through better-sqlite3). The copy is taken in a single step, so it
 * holds exactly the commits made before that step began; writers are not blocked (WAL).
 */
export async function copyDatabase(source: string, destination: string): Promise<void> {
  const from = new Database(source, { fileMustExist: true });
  try {
    await from.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    from.close();
  }
  const copy = new Database(destination);
  try {
    // One file: no -wal to carry along, and nothing the copy depends on beside it.
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  fsyncFile(destination);
}

/**
 * Whether a process (a server, a CLI command) has the database open: in WAL mode every open
 * connection holds a shared lock on the -shm file, so leaving WAL, which needs every other
 * connection gone, fails. When it succeeds the WAL is checkpointed into the file and removed, so
 * the file alone is the whole database. Only for a database about to be replaced.
 */
export function heldOpen(path: string): boolean {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    return mode !== 'delete';
  } catch {
    return true;
  } finally {
    db.close();
  }
}

/**
 * Puts `replacement` in place of `target` with one atomic rename (no moment without a database
 * there, no half-written file); the replaced database, if any, is kept as `keepAs`. The caller has
 * made sure nothing holds the target open and that it has no -wal/-shm left (heldOpen).
 */
export function swapIn(replacement: string, target: string, keepAs: string | null): void {
  for (const leftover of [`${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true });
  if (keepAs && existsSync(target)) linkSync(target, keepAs);
  renameSync(replacement, target);
  fsyncFile(dirname(target));
}

/** A backup or a file about to be restored, opened as it is: no migration, no change of journal mode. */
export function openCopy(path: string): Conn {
  return drizzle(new Database(path, { fileMustExist: true }), { schema });
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
