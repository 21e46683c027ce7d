import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Conn, Db } from './client.js';
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

/**
 * A user's words as an FTS5 query: folded like the indexed text (src/lib/search-text.ts), each
 * word a quoted prefix term, all required; two to four words may also be one joined word in the
 * text ("rote fahne" finds "RoteFahne"). Quoting makes FTS5 syntax in the input inert. Null when
 * no word is left.
 */
export function ftsQuery(q: string): string | null {
  const words = searchFold(q).split(/[^a-z0-9]+/).filter(Boolean);
  if (!words.length) return null;
  const all = words.map((w) => `"${w}"*`).join(' ');
  return words.length >= 2 && words.length <= 4 ? `(${all}) OR "${words.join('')}"*` : all;
}

/**
 * Derives again the search text a migration blanked (because its derivation changed), in one
 * transaction: `blank` reads the next rows with an empty search text after a seq, `write` stores
 * one row's. Returns how many rows were filled; a database with none costs one query.
 */
export function refillSearchText<Row extends { seq: number }>(db: Db, blank: (tx: Conn, afterSeq: number) => Row[], write: (tx: Conn, row: Row) => void): number {
  if (blank(db, 0).length === 0) return 0;
  return db.transaction(
    (tx) => {
      let filled = 0;
      for (let rows = blank(tx, 0); rows.length; rows = blank(tx, rows.at(-1)?.seq ?? Infinity)) {
        for (const row of rows) write(tx, row);
        filled += rows.length;
      }
      return filled;
    },
    { behavior: 'immediate' },
  );
}
