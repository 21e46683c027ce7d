import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { inTransaction, preparedOnce, type Conn } from './client.js';
import { searchFold } from '../lib/search-text.js';

/**
 * The FTS5 tables made by migrations/0004_search_fts.sql, declared for queries only. They live
 * outside schema.ts so that drizzle-kit never tries to create them as ordinary tables.
 */
export const organizationsFts = sqliteTable('organizations_fts', {
  rowid: integer('rowid').notNull(),
  searchText: text('search_text').notNull(),
});

export const statementsFts = sqliteTable('statements_fts', {
  rowid: integer('rowid').notNull(),
  searchText: text('search_text').notNull(),
});

/** The statements that put new organizations in the search index, prepared once per connection. */
const indexing = preparedOnce((db) => ({
  lastSeq: db.$client.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM organizations').pluck(),
  after: db.$client.prepare<[number]>(
    'INSERT INTO organizations_fts (rowid, search_text) SELECT seq, search_text FROM organizations WHERE seq > ?',
  ),
}));

/**
 * Inserts organizations with `insert`, then their search texts into the index in one statement
 * (migrations/0025: 5,000 rows and their entries in a third of the time a trigger per row took),
 * in one transaction, the caller's if there is one. `seq` only grows, so the new rows are those
 * past the last before the insert.
 */
export function withSearchIndex(db: Conn, insert: () => void): void {
  const { lastSeq, after } = indexing(db);
  inTransaction(db, () => {
    const last = lastSeq.get() ?? 0;
    insert();
    after.run(last);
  });
}

/**
 * A user's words as an FTS5 query: folded like the indexed text (src/lib/search-text.ts), each
 * word a quoted prefix term, all required; two to four words may also be one joined word in the
 * text ("rote fahne" finds "RoteFahne"). Quoting makes FTS5 syntax in the input inert. Null when
 * no word is left.
 */
export function ftsQuery(q: string): string | null {
  const words = searchFold(q)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (!words.length) return null;
  const all = words.map((w) => `"${w}"*`).join(' ');
  return words.length >= 2 && words.length <= 4 ? `(${all}) OR "${words.join('')}"*` : all;
}

/**
 * Derives again the search text a migration blanked (because its derivation changed), in one
 * transaction: `blank` reads the next rows with an empty search text after a seq, `write` stores
 * one row's. Returns how many rows were filled; a database with none costs one query.
 */
export function refillSearchText<Row extends { seq: number }>(
  db: Conn,
  blank: (tx: Conn, afterSeq: number) => Row[],
  write: (tx: Conn, row: Row) => void,
): number {
  if (blank(db, 0).length === 0) return 0;
  return inTransaction(db, () => {
    let filled = 0;
    for (let rows = blank(db, 0); rows.length; rows = blank(db, rows.at(-1)?.seq ?? Infinity)) {
      for (const row of rows) write(db, row);
      filled += rows.length;
    }
    return filled;
  });
}

/**
 * Makes this connection read each FTS5 index as it is now. PRAGMA integrity_check checks an FTS5
 * index through the structure the connection read when it last used the table, without asking
 * (as every query and write on the table does) whether another connection has changed it since:
 * once others' writes have merged segments, it reports the blobs that no longer exist as
 * corruption. Opening a cursor on the table reads the structure again.
 */
export function refreshSearchIndexes(db: Conn): void {
  const tables = db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE % USING fts5(%'`,
  );
  for (const { name } of tables) {
    try {
      db.all(sql`select rowid from ${sql.identifier(name)} where rowid = 0`);
    } catch {
      // A table that cannot be read at all is reported by the checks that follow.
    }
  }
}
