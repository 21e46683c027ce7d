import type { Statement } from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { preparedOnce, type Conn } from './client.js';

/**
 * Many rows into one table, through one INSERT prepared once per connection and column set,
 * run per row. Drizzle builds and prepares SQL on every call, which for an imported list of
 * thousands of entries costs more than the inserts themselves (and feeds the garbage collector).
 * Values go through each column's own driver mapping (JSON, booleans), so rows are typed as
 * drizzle's inserts are.
 */

/** Per connection, its INSERTs by table and column set. */
const inserts = preparedOnce(() => new Map<string, Statement>());

/** Inside a transaction too: better-sqlite3 has one connection, so `db` writes into the open transaction. */
export function insertRows<T extends SQLiteTable>(db: Conn, table: T, rows: T['$inferInsert'][]): void {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter((key) => key in columns);
  const cache = inserts(db);
  const cacheKey = `${getTableName(table)}(${keys.join(',')})`;
  let statement = cache.get(cacheKey);
  if (!statement) {
    const names = keys.map((key) => `"${columns[key]?.name ?? key}"`);
    statement = db.$client.prepare(
      `insert into "${getTableName(table)}" (${names.join(', ')}) values (${keys.map(() => '?').join(', ')})`,
    );
    cache.set(cacheKey, statement);
  }
  for (const row of rows) {
    const byKey = new Map(Object.entries(row));
    const values = keys.map((key) => {
      const value = byKey.get(key);
      const column = columns[key];
      return value === null || value === undefined || !column ? null : column.mapToDriverValue(value);
    });
    statement.run(values);
  }
}
