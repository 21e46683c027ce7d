import type { Conn } from '../../db/client.js';
import { recordLeafHash } from '../../lib/log-leaf.js';
import { EMPTY_ROOT, hashesCompletedBy, nodeHash } from '../../lib/merkle.js';
import { listLeaves } from './repository.js';

/**
 * Verify's part for the log: every leaf re-derived from its record's description and hash, every
 * stored subtree recomputed (as the trigger computes it), and the log and the records compared
 * both ways: each record has exactly its leaf, each leaf names a record that has that hash.
 */

export interface LogProblem {
  /** The leaf, when the problem is one leaf. */
  index: number | null;
  detail: string;
}

export interface LogIntegrity {
  size: number;
  root: string | null;
  problems: LogProblem[];
}

/** Past this many, the rest of one kind of problem is counted, not listed. */
const LIST_UP_TO = 100;

/** Records whose leaf is missing or names another hash, one query per table (the record index drives it). */
const UNLOGGED = [
  [
    'event',
    `SELECT e.statement_id AS subject, e.seq AS number, e.hash AS hash, l.record_hash AS logged FROM signatory_events e
    LEFT JOIN log_entries l ON l.subject = e.statement_id AND l.kind = 'event' AND l.number = e.seq WHERE l.idx IS NULL OR l.record_hash IS NOT e.hash`,
  ],
  [
    'revision',
    `SELECT r.resource || ' ' || r.resource_id AS subject, r.revision AS number, r.hash AS hash, l.record_hash AS logged FROM revisions r
    LEFT JOIN log_entries l ON l.subject = r.resource_id AND l.kind = r.resource AND l.number = r.revision WHERE l.idx IS NULL OR l.record_hash IS NOT r.hash`,
  ],
  [
    'merge',
    `SELECT m.organization_id AS subject, m.seq AS number, m.hash AS hash, l.record_hash AS logged FROM organization_merges m
    LEFT JOIN log_entries l ON l.subject = m.organization_id AND l.kind = 'merge' AND l.number = m.seq WHERE l.idx IS NULL OR l.record_hash IS NOT m.hash`,
  ],
  [
    'document capture',
    `SELECT c.sha256 AS subject, c.id AS number, c.hash AS hash, l.record_hash AS logged FROM document_captures c
    LEFT JOIN log_entries l ON l.subject = c.sha256 AND l.kind = 'document-capture' AND l.number = c.id WHERE l.idx IS NULL OR l.record_hash IS NOT c.hash`,
  ],
  [
    'key rotation',
    `SELECT k.to_kid AS subject, k.seq AS number, k.hash AS hash, l.record_hash AS logged FROM key_rotations k
    LEFT JOIN log_entries l ON l.subject = k.to_kid AND l.kind = 'key-rotation' AND l.number = k.seq WHERE l.idx IS NULL OR l.record_hash IS NOT k.hash`,
  ],
] as const;

/** Leaves that name no record, or a record with another hash than they say. */
const ORPHANS = `SELECT idx, kind, subject, number FROM log_entries l WHERE NOT CASE kind
  WHEN 'event' THEN EXISTS (SELECT 1 FROM signatory_events e WHERE e.statement_id = l.subject AND e.seq = l.number AND e.hash = l.record_hash)
  WHEN 'merge' THEN EXISTS (SELECT 1 FROM organization_merges m WHERE m.organization_id = l.subject AND m.seq = l.number AND m.hash = l.record_hash)
  WHEN 'document-capture' THEN EXISTS (SELECT 1 FROM document_captures c WHERE c.sha256 = l.subject AND c.id = l.number AND c.hash = l.record_hash)
  WHEN 'key-rotation' THEN EXISTS (SELECT 1 FROM key_rotations k WHERE k.to_kid = l.subject AND k.seq = l.number AND k.hash = l.record_hash)
  WHEN 'organization' THEN EXISTS (SELECT 1 FROM revisions r WHERE r.resource = 'organization' AND r.resource_id = l.subject AND r.revision = l.number AND r.hash = l.record_hash)
  WHEN 'statement' THEN EXISTS (SELECT 1 FROM revisions r WHERE r.resource = 'statement' AND r.resource_id = l.subject AND r.revision = l.number AND r.hash = l.record_hash)
  WHEN 'signature' THEN EXISTS (SELECT 1 FROM revisions r WHERE r.resource = 'signature' AND r.resource_id = l.subject AND r.revision = l.number AND r.hash = l.record_hash)
  ELSE 0 END ORDER BY idx`;

export function verifyLog(db: Conn): LogIntegrity {
  const problems: LogProblem[] = [];
  // Complete subtrees so far, left to right (the tree's "compact range"): what each new leaf joins.
  const stack: { level: number; hash: string }[] = [];
  let size = 0;
  for (let rows = listLeaves(db, -1, 2000); rows.length > 0; rows = listLeaves(db, rows.at(-1)?.idx ?? 0, 2000)) {
    for (const row of rows) {
      if (row.idx !== size) {
        problems.push({ index: row.idx, detail: `expected leaf ${size}: leaves ${size}–${row.idx - 1} are missing` });
        return { size: row.idx, root: null, problems };
      }
      // The stack's top holds the lowest level: popping gives the left siblings from level 0 up.
      const left: string[] = [];
      for (let level = 0; stack.at(-1)?.level === level; level++) left.push(stack.pop()?.hash ?? '');
      const completed = hashesCompletedBy(
        recordLeafHash({ kind: row.kind, subject: row.subject, number: row.number, hash: row.recordHash }),
        left,
      );
      if (completed.join('') !== row.hashes)
        problems.push({
          index: row.idx,
          detail: 'its stored hashes are not those of its record and the leaves before it',
        });
      stack.push({ level: completed.length - 1, hash: completed.at(-1) ?? '' });
      size++;
    }
  }
  for (const [what, query] of UNLOGGED) {
    const rows = db.$client
      .prepare<[], { subject: string; number: number; hash: string | null; logged: string | null }>(
        `${query} LIMIT ${LIST_UP_TO}`,
      )
      .all();
    for (const r of rows)
      problems.push({
        index: null,
        detail: `${what} ${r.subject} ${r.number}: ${r.logged === null ? 'has no leaf in the log' : `its hash is ${r.hash ?? 'null'}; the log says ${r.logged}`}`,
      });
  }
  const orphans = db.$client
    .prepare<[], { idx: number; kind: string; subject: string; number: number }>(`${ORPHANS} LIMIT ${LIST_UP_TO}`)
    .all();
  for (const o of orphans)
    problems.push({
      index: o.idx,
      detail: `names ${o.kind} ${o.subject} ${o.number}, which is not in the database with that hash: it was deleted or rewritten`,
    });
  let root = size === 0 ? EMPTY_ROOT : (stack.at(-1)?.hash ?? EMPTY_ROOT);
  for (let i = stack.length - 2; i >= 0; i--) root = nodeHash(stack[i]?.hash ?? '', root);
  return { size, root, problems };
}
