import type { Statement } from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { preparedOnce, type Conn } from './client.js';

/**
 * Many rows into one table as multi-row INSERTs, each prepared once per connection, column set
 * and row count. Drizzle builds and prepares SQL on every call, and one statement per row costs
 * a native call and a trip through the VDBE's setup each: for an imported list of thousands of
 * entries that costs more than the inserts themselves. Values go through each column's own
 * driver mapping (JSON, booleans), so rows are typed as drizzle's inserts are.
 */

/** Rows per statement: 64 rows of any of our tables stay far below SQLite's 32,766 variables. */
const CHUNK = 64;

interface TableInsert {
  keys: string[];
  /** Per key, its column's driver mapping. */
  mappers: ((value: unknown) => unknown)[];
  /** By row count: 64, 32, … 1, so any count is at most 7 statements past the full chunks. */
  statements: Map<number, Statement>;
  sql: (rows: number) => string;
}

/** Per connection, the inserts by table and column set. */
const inserts = preparedOnce(() => new Map<string, TableInsert>());

function tableInsert<T extends SQLiteTable>(db: Conn, table: T, first: object): TableInsert {
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter((key) => key in columns);
  const cacheKey = `${getTableName(table)}(${keys.join(',')})`;
  const cache = inserts(db);
  const known = cache.get(cacheKey);
  if (known) return known;
  const names = keys.map((key) => `"${columns[key]?.name ?? key}"`).join(', ');
  const tuple = `(${keys.map(() => '?').join(', ')})`;
  const made: TableInsert = {
    keys,
    mappers: keys.map((key) => {
      const column = columns[key];
      return (value: unknown) =>
        value === null || value === undefined || !column ? null : column.mapToDriverValue(value);
    }),
    statements: new Map(),
    sql: (rows) => `insert into "${getTableName(table)}" (${names}) values ${Array(rows).fill(tuple).join(', ')}`,
  };
  cache.set(cacheKey, made);
  return made;
}

function statementFor(db: Conn, insert: TableInsert, rows: number): Statement {
  let statement = insert.statements.get(rows);
  if (!statement) {
    statement = db.$client.prepare(insert.sql(rows));
    insert.statements.set(rows, statement);
  }
  return statement;
}

/**
 * Inside a transaction too: better-sqlite3 has one connection, so `db` writes into the open
 * transaction. Columns are those of the first row; a later row's missing field is NULL.
 */
export function insertRows<T extends SQLiteTable>(db: Conn, table: T, rows: T['$inferInsert'][]): void {
  const first = rows[0];
  if (!first) return;
  const insert = tableInsert(db, table, first);
  const { keys, mappers } = insert;
  let at = 0;
  while (at < rows.length) {
    // The largest power of two (up to CHUNK) that fits what is left.
    let count = CHUNK;
    while (count > rows.length - at) count >>= 1;
    const values: unknown[] = [];
    for (let r = at; r < at + count; r++) {
      const row: Record<string, unknown> = rows[r] ?? {};
      for (let k = 0; k < keys.length; k++) values.push(mappers[k]?.(row[keys[k] ?? '']));
    }
    statementFor(db, insert, count).run(values);
    at += count;
  }
}
