import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { inTransaction, preparedOnce, type Conn } from '../../db/client.js';
import { logEntries } from '../../db/schema.js';
import { notFound } from '../../lib/domain-error.js';
import { consistencyProof, inclusionProof, rootOf, type SubtreeHash } from '../../lib/merkle.js';

/**
 * The log over every record, read: its size, the hash of any complete subtree (stored with the
 * leaf that closes it, see migrations/0018), roots and proofs for any size it has had. Leaves are
 * appended by triggers, never here.
 */

export interface LeafRow {
  idx: number;
  kind: string;
  subject: string;
  number: number;
  recordHash: string;
  hashes: string;
}

const HASH = 64;

const columns = {
  idx: logEntries.idx,
  kind: logEntries.kind,
  subject: logEntries.subject,
  number: logEntries.number,
  recordHash: logEntries.recordHash,
  hashes: logEntries.hashes,
};

// Prepared once: a proof reads O(log² n) subtrees, verify and the monitors read every leaf.
const queries = preparedOnce((db) => ({
  size: db
    .select({ size: sql<number>`coalesce(max(${logEntries.idx}), -1) + 1` })
    .from(logEntries)
    .prepare(),
  subtree: db
    .select({ hash: sql<string>`substr(${logEntries.hashes}, ${sql.placeholder('from')}, ${HASH})` })
    .from(logEntries)
    .where(eq(logEntries.idx, sql.placeholder('idx')))
    .prepare(),
  leaf: db
    .select(columns)
    .from(logEntries)
    .where(eq(logEntries.idx, sql.placeholder('idx')))
    .prepare(),
  record: db
    .select(columns)
    .from(logEntries)
    .where(
      and(
        eq(logEntries.subject, sql.placeholder('subject')),
        eq(logEntries.kind, sql.placeholder('kind')),
        eq(logEntries.number, sql.placeholder('number')),
      ),
    )
    .prepare(),
  after: db
    .select(columns)
    .from(logEntries)
    .where(gt(logEntries.idx, sql.placeholder('after')))
    .orderBy(asc(logEntries.idx))
    .limit(sql.placeholder('limit'))
    .prepare(),
}));

export class LogCorruptError extends Error {
  override name = 'LogCorruptError';
}

export const logSize = (db: Conn) => queries(db).size.get()?.size ?? 0;

/** Complete subtrees as the log stores them: level L, index j closes at leaf (j + 1)·2^L − 1. */
export function storedSubtrees(db: Conn): SubtreeHash {
  const { subtree } = queries(db);
  return (level, index) => {
    const hash = subtree.get({ from: level * HASH + 1, idx: (index + 1) * 2 ** level - 1 })?.hash;
    if (hash === undefined || hash.length !== HASH)
      throw new LogCorruptError(
        `the log has no hash for the subtree at level ${level}, index ${index}: it was cut or rewritten`,
      );
    return hash;
  };
}

export const leafHashOf = (row: Pick<LeafRow, 'hashes'>) => row.hashes.slice(0, HASH);

/** Refuses a size the log has never had (400 at the front end, naming the parameter). */
export class TreeSizeError extends Error {
  override name = 'TreeSizeError';
  constructor(
    readonly size: number,
    readonly logSize: number,
  ) {
    super(`the log has ${logSize} entries; there is no tree of ${size}`);
  }
}

function requireSize(db: Conn, size: number): void {
  const current = logSize(db);
  if (size > current) throw new TreeSizeError(size, current);
}

export function rootAt(db: Conn, size: number): string {
  requireSize(db, size);
  return rootOf(size, storedSubtrees(db));
}

export function getLeaf(db: Conn, index: number): LeafRow {
  const row = queries(db).leaf.get({ idx: index });
  if (!row) throw notFound('Log entry', String(index));
  return row;
}

/** The leaf of one record, if the log has it. */
export const leafOfRecord = (db: Conn, kind: string, subject: string, number: number) =>
  queries(db).record.get({ subject, kind, number });

export function listLeaves(db: Conn, after: number, limit: number): LeafRow[] {
  return queries(db).after.all({ after, limit });
}

export function inclusion(db: Conn, index: number, size: number) {
  requireSize(db, size);
  if (index >= size) throw new TreeSizeError(index + 1, size);
  const subtrees = storedSubtrees(db);
  return {
    index,
    size,
    leafHash: leafHashOf(getLeaf(db, index)),
    root: rootOf(size, subtrees),
    path: inclusionProof(index, size, subtrees),
  };
}

export function consistency(db: Conn, from: number, to: number) {
  requireSize(db, to);
  if (from > to) throw new TreeSizeError(from, to);
  const subtrees = storedSubtrees(db);
  return {
    from,
    to,
    fromRoot: rootOf(from, subtrees),
    toRoot: rootOf(to, subtrees),
    path: consistencyProof(from, to, subtrees),
  };
}

/**
 * Records written before the log existed get their leaves once, oldest first (by the time each
 * was recorded, then events, revisions, merges), through the same trigger as every new record:
 * an upgrade appends, it never rewrites. A database whose log has begun is left alone.
 */
export function backfillLog(db: Conn): number {
  const begun = db.$client.prepare('SELECT EXISTS (SELECT 1 FROM log_entries)').pluck().get();
  if (begun === 1) return 0;
  inTransaction(db, () =>
    db.$client
      .prepare(
        `INSERT INTO log_append (kind, subject, number, record_hash)
           SELECT kind, subject, number, hash FROM (
             SELECT 'event' AS kind, statement_id AS subject, seq AS number, hash, recorded_at AS at, 0 AS part FROM signatory_events
             UNION ALL SELECT resource, resource_id, revision, hash, recorded_at, 1 FROM revisions
             UNION ALL SELECT 'merge', organization_id, seq, hash, recorded_at, 2 FROM organization_merges
           ) ORDER BY at, part, subject, number`,
      )
      .run(),
  );
  // An insert into a view counts no changes (its trigger makes them): the log's size does.
  return logSize(db);
}
