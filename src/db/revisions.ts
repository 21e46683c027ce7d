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
