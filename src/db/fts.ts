import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { fold } from '../lib/fold.js';

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
 * A user's words as an FTS5 query: folded like the indexed text, each word a quoted prefix
 * term, all required. Quoting makes FTS5 syntax in the input inert. Null when no word is left.
 */
export function ftsQuery(q: string): string | null {
  const words = fold(q).split(/[^a-z0-9]+/).filter(Boolean);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}
