import Database from 'better-sqlite3';
import { vi } from 'vitest';

/**
 * Every SQL text prepared in this process (any connection) while `work` runs. Statements a
 * connection prepares once are caught only where they are first prepared: start from a new app.
 */
export async function preparedDuring(work: () => Promise<void>): Promise<Set<string>> {
  const seen = new Set<string>();
  const prepare = Database.prototype.prepare;
  const spy = vi.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql) {
    seen.add(sql);
    return prepare.call(this, sql);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return seen;
}

/** Statements that only move the transaction or the schema have no plan. */
const UNPLANNED = /^\s*(pragma|begin|commit|rollback|savepoint|release|create|drop|alter|vacuum)\b/i;

/**
 * The indexes SQLite's planner uses for these statements (EXPLAIN QUERY PLAN, parameters left
 * NULL: the plan does not depend on their values), on a connection to the database they ran on.
 */
export function indexesUsed(db: Database.Database, statements: Iterable<string>): Set<string> {
  const used = new Set<string>();
  for (const sql of statements) {
    if (UNPLANNED.test(sql)) continue;
    for (const { detail } of plan(db, sql)) {
      const index = /USING (?:COVERING )?INDEX (\S+)/.exec(detail)?.[1];
      if (index) used.add(index);
    }
  }
  return used;
}

function plan(db: Database.Database, sql: string): { detail: string }[] {
  const explain = db.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`);
  const named = [...new Set([...sql.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1] ?? ''))];
  if (named.length > 0) return explain.all(Object.fromEntries(named.map((name) => [name, null])));
  // Positional parameters: as many as question marks, else better-sqlite3 says too few or too many.
  const marks = sql.split('?').length - 1;
  for (const count of [marks, ...Array.from({ length: 4097 }, (_, i) => i)]) {
    try {
      return explain.all(...Array<null>(count).fill(null));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  throw new Error(`no parameter count fits: ${sql}`);
}
