import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from './client.js';
import { revisions } from './schema.js';

export type Resource = (typeof revisions.$inferInsert)['resource'];
export type RevisionAction = (typeof revisions.$inferInsert)['action'];
type Tx = Pick<Db, 'insert' | 'select'>;

export function appendRevision(
  tx: Tx,
  entry: { resource: Resource; resourceId: string; revision: number; action: RevisionAction; recordedAt: string; recordedBy: string; state: object },
) {
  tx.insert(revisions)
    .values({ ...entry, state: { ...entry.state } })
    .run();
}

/** Newest first, `limit + 1` rows so the caller can tell whether there is a next page. */
export function listRevisionRows(db: Db, resource: Resource, resourceId: string, limit: number, before?: number) {
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

export function getRevisionRow(db: Db, resource: Resource, resourceId: string, revision: number) {
  return db
    .select()
    .from(revisions)
    .where(and(eq(revisions.resource, resource), eq(revisions.resourceId, resourceId), eq(revisions.revision, revision)))
    .get();
}

/**
 * The shared step of every head change: check the caller's precondition against the revision
 * being replaced, write the next revision of the head, and append it to the history, all inside
 * the caller's (immediate) transaction.
 */
export function reviseHead<Row extends { revision: number }, State extends object>(
  tx: Tx,
  opts: {
    resource: Resource;
    id: string;
    current: Row;
    matches: ((revision: number) => boolean) | null;
    onMismatch: (revision: number) => Error;
    action: Exclude<RevisionAction, 'create'>;
    actor: string;
    now: string;
    write: (revision: number) => Row | undefined;
    toState: (row: Row) => State;
  },
): State {
  if (opts.matches && !opts.matches(opts.current.revision)) throw opts.onMismatch(opts.current.revision);
  const row = opts.write(opts.current.revision + 1);
  if (!row) throw new Error(`${opts.resource} ${opts.id} vanished inside its own transaction`);
  const state = opts.toState(row);
  appendRevision(tx, { resource: opts.resource, resourceId: opts.id, revision: row.revision, action: opts.action, recordedAt: opts.now, recordedBy: opts.actor, state });
  return state;
}
