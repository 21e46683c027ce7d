import Database from 'better-sqlite3';
import type { Conn } from '../../db/client.js';
import type { ProblemList } from './problem-list.js';
import { migratedSchema } from './guards.js';

/**
 * An external-content FTS5 index (migrations/0004) checked against its content table by FTS5's own
 * 'integrity-check' command with rank=1. The command is an INSERT and takes the write lock: in the
 * check's one read transaction it fails (SQLITE_BUSY_SNAPSHOT) once anything has been written
 * since the check began, and outside it would hold up every write. So it runs on a copy, in a
 * database in memory: the index's shadow tables and the content rows as this snapshot has them,
 * under the index's definition in the migrations (0.2 s, and 1 s to copy, at 100,000 organizations).
 *
 * When it fails, the index is built again from the content beside the copy, and the two are
 * compared word by word (fts5vocab) to name the rows that differ.
 */

/** Each index, and the content table (seq, search_text) it indexes. */
const CONTENT = { organizations_fts: 'organizations', statements_fts: 'statements' } as const;
export type SearchIndex = keyof typeof CONTENT;

const SHADOWS = ['data', 'idx', 'docsize', 'config'];

/** Makes `copy` hold `index` (its definition from the migrations, its shadow tables from `db`) over `rows`. */
function fillCopy(
  copy: Database.Database,
  db: Conn,
  index: SearchIndex,
  rows: readonly { seq: number; searchText: string }[],
) {
  const definition = migratedSchema().tables.get(index);
  if (!definition) throw new Error(`the migrations make no table ${index}`);
  // Unsafe mode lifts SQLite's defensive flag, which forbids writing an FTS5 table's shadow tables.
  copy.unsafeMode(true);
  copy.exec(`CREATE TABLE ${CONTENT[index]} (seq INTEGER PRIMARY KEY, search_text TEXT NOT NULL); ${definition}`);
  copy.transaction(() => {
    const content = copy.prepare<[number, string]>(`INSERT INTO ${CONTENT[index]} (seq, search_text) VALUES (?, ?)`);
    for (const row of rows) content.run(row.seq, row.searchText);
    for (const shadow of SHADOWS.map((s) => `${index}_${s}`)) {
      const read = db.$client.prepare<[], unknown[]>(`SELECT * FROM main.${shadow}`).raw();
      const write = copy.prepare<unknown[]>(
        `INSERT INTO ${shadow} VALUES (${read
          .columns()
          .map(() => '?')
          .join(', ')})`,
      );
      copy.exec(`DELETE FROM ${shadow}`);
      for (const values of read.iterate()) write.run(...values);
    }
  })();
}

/**
 * In `copy`, where the index differs from one built afresh from its content: by rowid, some of
 * the words the index lacks and holds beyond the content's.
 */
function differences(copy: Database.Database, index: SearchIndex) {
  const definition = migratedSchema().tables.get(index) ?? '';
  copy.exec(`ATTACH ':memory:' AS fresh; CREATE TABLE fresh.${CONTENT[index]} AS SELECT * FROM main.${CONTENT[index]};
    ${definition.replace(/^CREATE VIRTUAL TABLE /i, 'CREATE VIRTUAL TABLE fresh.')};
    INSERT INTO fresh.${index} (${index}) VALUES ('rebuild');
    CREATE VIRTUAL TABLE temp.stored USING fts5vocab(main, ${index}, instance);
    CREATE VIRTUAL TABLE temp.rebuilt USING fts5vocab(fresh, ${index}, instance)`);
  const only = (side: string, from: string, without: string) =>
    `SELECT doc, term, '${side}' AS side FROM (SELECT term, doc, col, offset FROM temp.${from} EXCEPT SELECT term, doc, col, offset FROM temp.${without})`;
  const found = copy.prepare<[], { doc: number; term: string; side: 'lacks' | 'holds' }>(
    `${only('lacks', 'rebuilt', 'stored')} UNION ALL ${only('holds', 'stored', 'rebuilt')}`,
  );
  const differ = new Map<number, { lacks: string[]; holds: string[] }>();
  for (const { doc, term, side } of found.iterate()) {
    const row = differ.get(doc) ?? { lacks: [], holds: [] };
    if (row[side].length < 5 && !row[side].includes(term)) row[side].push(term);
    differ.set(doc, row);
  }
  return differ;
}

/** Checks `index` against `rows`, its content table as the caller read it; returns how many rows it covered. */
export function checkSearchIndex(
  db: Conn,
  index: SearchIndex,
  rows: readonly { seq: number; id: string; searchText: string }[],
  problems: ProblemList,
): number {
  const copy = new Database(':memory:');
  try {
    fillCopy(copy, db, index, rows);
    try {
      copy.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`).run();
      return rows.length;
    } catch (error) {
      const ids = new Map(rows.map((row) => [row.seq, row.id]));
      const quoted = (terms: string[]) => terms.map((t) => JSON.stringify(t)).join(', ');
      const differ = differences(copy, index);
      for (const [rowid, { lacks, holds }] of [...differ].sort(([a], [b]) => a - b)) {
        const id = ids.get(rowid);
        const parts = [
          ...(lacks.length ? [`lacks ${quoted(lacks)}`] : []),
          ...(holds.length ? [`holds ${quoted(holds)}`] : []),
        ];
        const detail =
          id === undefined
            ? `indexes rowid ${rowid}, which ${CONTENT[index]} does not have (${quoted(holds)})`
            : `the index ${parts.join(' and ')}, unlike its search_text`;
        problems.add({ table: index, row: id ?? `rowid ${rowid}`, field: 'search_text', detail });
      }
      if (differ.size === 0)
        problems.add({
          table: index,
          row: null,
          field: 'search_text',
          detail: `FTS5's integrity-check fails: ${error instanceof Error ? error.message : String(error)}`,
        });
    }
  } catch (error) {
    problems.add({
      table: index,
      row: null,
      field: 'index',
      detail: `cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    });
  } finally {
    copy.close();
  }
  return rows.length;
}
