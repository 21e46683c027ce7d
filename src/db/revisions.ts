import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { canonicalJson } from '../lib/canonical-json.js';
import { hashRevision } from '../lib/hash-chain.js';
import { insertRows } from './bulk-insert.js';
import { inTransaction, preparedOnce, type Conn } from './client.js';
import { revisions } from './schema.js';
import { StaleRevision } from '../lib/domain-error.js';

export type Resource = (typeof revisions.$inferInsert)['resource'];
export type RevisionAction = (typeof revisions.$inferInsert)['action'];
type RevisionRow = typeof revisions.$inferSelect;

/**
 * Fields added to states after revisions existed, left out of a stored state while empty (an
 * empty list, or null): the states of resources that never used them, and their earlier
 * revisions, stay as they were.
 */
const ADDED_LATER = new Set(['names', 'versions', 'identifiers', 'mergedIds', 'declaredCount']);
const empty = (value: unknown) => value === null || (Array.isArray(value) && value.length === 0);

/** The stored state as JSON would carry it (undefined fields dropped), which is what is hashed. */
export const asStored = (state: object): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(state, (key, value: unknown) => (ADDED_LATER.has(key) && empty(value) ? undefined : value)),
  ) as Record<string, unknown>;

export interface NewRevision {
  resource: Resource;
  resourceId: string;
  revision: number;
  action: RevisionAction;
  recordedAt: string;
  recordedBy: string;
  state: object;
}

/** The stored row of a new revision: chained to its resource's previous revision (triggers check it). */
function revisionRow(conn: Conn, entry: NewRevision) {
  const prevHash =
    entry.revision === 1
      ? null
      : (getRevisionRow(conn, entry.resource, entry.resourceId, entry.revision - 1)?.hash ?? null);
  const state = asStored(entry.state);
  return { ...entry, state, prevHash, hash: hashRevision({ ...entry, state, prevHash }) };
}

/** Appends the next revision of one resource. */
export function appendRevision(tx: Conn, entry: NewRevision) {
  tx.insert(revisions).values(revisionRow(tx, entry)).run();
}

/** Many revisions at once (an import's new organizations and signatures), through one prepared insert. */
export function appendRevisions(db: Conn, entries: NewRevision[]) {
  insertRows(
    db,
    revisions,
    entries.map((entry) => revisionRow(db, entry)),
  );
}

export type RevisionCheck =
  | { valid: true; length: number; head: string | null }
  | { valid: false; length: number; revision: number; detail: string };

/** Recomputes one resource's revision chain; the first revision whose link or hash is wrong. */
export function verifyRevisionChain(rows: RevisionRow[]): RevisionCheck {
  let prev: string | null = null;
  for (const [i, row] of rows.entries()) {
    const bad = (detail: string): RevisionCheck => ({
      valid: false,
      length: rows.length,
      revision: row.revision,
      detail,
    });
    if (row.revision !== i + 1) return bad(`expected revision ${i + 1}`);
    if (row.prevHash !== prev) return bad("prevHash does not match the previous revision's hash");
    const { hash, ...content } = row;
    if (hash !== hashRevision(content)) return bad("the stored hash does not match the revision's content");
    prev = hash;
  }
  return { valid: true, length: rows.length, head: prev };
}

export interface HistoryProblem {
  revision: number | null;
  detail: string;
}

/**
 * A resource's history is intact when its revisions chain and its head is exactly its last
 * revision's state: the head is derived from hash-chained content, never edited on its own.
 */
export function checkHistory(
  db: Conn,
  resource: Resource,
  resourceId: string,
  headState: object,
): HistoryProblem | null {
  const rows = revisionChain(db, resource, resourceId);
  const chain = verifyRevisionChain(rows);
  if (!chain.valid) return { revision: chain.revision, detail: chain.detail };
  const last = rows.at(-1);
  if (!last) return { revision: null, detail: 'has no revisions' };
  if (canonicalJson(last.state) !== canonicalJson(asStored(headState))) {
    return {
      revision: last.revision,
      detail: `the current ${resource} differs from its last revision (${last.revision})`,
    };
  }
  return null;
}

const byResource = { resource: sql.placeholder('resource'), resourceId: sql.placeholder('resourceId') };

// Prepared once: verify asks for every signature's chain, an append for each changed one's last.
const chainQuery = preparedOnce((db) =>
  db
    .select()
    .from(revisions)
    .where(and(eq(revisions.resource, byResource.resource), eq(revisions.resourceId, byResource.resourceId)))
    .orderBy(revisions.revision)
    .prepare(),
);
const revisionQuery = preparedOnce((db) =>
  db
    .select()
    .from(revisions)
    .where(
      and(
        eq(revisions.resource, byResource.resource),
        eq(revisions.resourceId, byResource.resourceId),
        eq(revisions.revision, sql.placeholder('revision')),
      ),
    )
    .prepare(),
);

/** Every revision of one resource, oldest first. */
export function revisionChain(db: Conn, resource: Resource, resourceId: string): RevisionRow[] {
  return chainQuery(db).all({ resource, resourceId });
}

/** Newest first, `limit + 1` rows so the caller can tell whether there is a next page. */
export function listRevisionRows(db: Conn, resource: Resource, resourceId: string, limit: number, before?: number) {
  return db
    .select()
    .from(revisions)
    .where(
      and(
        eq(revisions.resource, resource),
        eq(revisions.resourceId, resourceId),
        before === undefined ? undefined : lt(revisions.revision, before),
      ),
    )
    .orderBy(desc(revisions.revision))
    .limit(limit + 1)
    .all();
}

export function getRevisionRow(
  db: Conn,
  resource: Resource,
  resourceId: string,
  revision: number,
): RevisionRow | undefined {
  return revisionQuery(db).get({ resource, resourceId, revision });
}

/** What makes a revision, as each resource's caller gives it: its precondition, the action, who and when. */
export interface RevisionStep {
  matches: ((revision: number) => boolean) | null;
  action: Exclude<RevisionAction, 'create'>;
  actor: string;
  now: string;
}

/**
 * The shared step of every head change: check the caller's precondition against the revision
 * being replaced, write the next revision of the head, and append it to the history, all inside
 * the caller's (immediate) transaction.
 */
export function reviseHead<Row extends { revision: number }, State extends object>(
  tx: Conn,
  opts: RevisionStep & {
    resource: Resource;
    id: string;
    current: Row;
    write: (revision: number) => Row | undefined;
    toState: (row: Row) => State;
  },
): State {
  if (opts.matches && !opts.matches(opts.current.revision)) throw new StaleRevision(opts.current.revision);
  const row = opts.write(opts.current.revision + 1);
  if (!row) throw new Error(`${opts.resource} ${opts.id} vanished inside its own transaction`);
  const state = opts.toState(row);
  appendRevision(tx, {
    resource: opts.resource,
    resourceId: opts.id,
    revision: row.revision,
    action: opts.action,
    recordedAt: opts.now,
    recordedBy: opts.actor,
    state,
  });
  return state;
}

/**
 * Revisions written before revisions were chained get their hashes once, in order (the trigger
 * allows exactly this: a NULL hash set, nothing else changed). Returns how many were filled.
 */
export function fillRevisionHashes(db: Conn): number {
  const pending = db
    .select()
    .from(revisions)
    .where(isNull(revisions.hash))
    .orderBy(revisions.resource, revisions.resourceId, revisions.revision)
    .all();
  if (pending.length === 0) return 0;
  inTransaction(db, () => {
    let prev: { key: string; hash: string | null } = { key: '', hash: null };
    for (const row of pending) {
      const key = `${row.resource}/${row.resourceId}`;
      const prevHash =
        row.revision === 1
          ? null
          : prev.key === key
            ? prev.hash
            : (getRevisionRow(db, row.resource, row.resourceId, row.revision - 1)?.hash ?? null);
      const { hash: _unset, ...content } = { ...row, prevHash };
      const hash = hashRevision(content);
      db.update(revisions)
        .set({ prevHash, hash })
        .where(
          and(
            eq(revisions.resource, row.resource),
            eq(revisions.resourceId, row.resourceId),
            eq(revisions.revision, row.revision),
          ),
        )
        .run();
      prev = { key, hash };
    }
  });
  return pending.length;
}
