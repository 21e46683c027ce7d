import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { sources } from '../../db/schema.js';
import { gone, notFound } from '../../lib/domain-error.js';
import { newId, nowIso } from '../../lib/ids.js';
import { durationSeconds, type SourceInput } from './schemas.js';

export type SourceRow = typeof sources.$inferSelect;

export const toSource = (row: SourceRow) => ({
  id: row.id,
  statementId: row.statementId,
  url: row.url,
  mode: row.mode,
  every: row.every,
  nextCheckAt: row.nextCheckAt,
  lastCheckedAt: row.lastCheckedAt,
  lastOutcome: row.lastOutcome as 'proposed' | 'accepted' | 'unchanged' | 'not-modified' | 'failed' | null,
  lastHttpStatus: row.lastHttpStatus,
  lastError: row.lastError,
  lastDocument: row.lastDocument,
  createdAt: row.createdAt,
  createdBy: row.createdBy,
});

export function createSource(db: Conn, statementId: string, input: SourceInput, actor: string): SourceRow {
  const every = input.every ?? 'PT6H';
  const now = nowIso();
  const row = {
    id: newId('src'),
    statementId,
    url: input.url,
    mode: input.mode ?? 'review',
    every,
    everySeconds: durationSeconds(every) ?? 21_600,
    // A new source is fetched at once (by the watcher's next round).
    nextCheckAt: now,
    createdAt: now,
    createdBy: actor,
  };
  return db.insert(sources).values(row).returning().get();
}

export function listSources(db: Conn, statementId: string): SourceRow[] {
  return db
    .select()
    .from(sources)
    .where(and(eq(sources.statementId, statementId), isNull(sources.deletedAt)))
    .orderBy(asc(sources.seq))
    .all();
}

export function getLiveSource(db: Conn, id: string): SourceRow {
  const row = db.select().from(sources).where(eq(sources.id, id)).get();
  if (!row) throw notFound('Source', id);
  if (row.deletedAt)
    throw gone('Source', id, 'was deleted: it is no longer fetched; its documents and proposals remain.');
  return row;
}

export function deleteSource(db: Conn, id: string): void {
  getLiveSource(db, id);
  db.update(sources).set({ deletedAt: nowIso() }).where(eq(sources.id, id)).run();
}

/** Live sources whose next check is due, oldest due first. */
export function dueSources(db: Conn, now: string, limit: number): SourceRow[] {
  return db
    .select()
    .from(sources)
    .where(and(isNull(sources.deletedAt), lte(sources.nextCheckAt, now)))
    .orderBy(asc(sources.nextCheckAt))
    .limit(limit)
    .all();
}

export interface Outcome {
  outcome: 'proposed' | 'accepted' | 'unchanged' | 'not-modified' | 'failed';
  httpStatus: number | null;
  error: string | null;
  document?: string | null;
  etag?: string | null;
  lastModified?: string | null;
}

/** What a check found, and when the next is due. */
export function recordOutcome(db: Conn, row: SourceRow, outcome: Outcome, at: Date): SourceRow {
  const next = new Date(at.getTime() + row.everySeconds * 1000).toISOString();
  const updated = db
    .update(sources)
    .set({
      lastCheckedAt: at.toISOString(),
      nextCheckAt: next,
      lastOutcome: outcome.outcome,
      lastHttpStatus: outcome.httpStatus,
      lastError: outcome.error,
      ...(outcome.document === undefined ? {} : { lastDocument: outcome.document }),
      ...(outcome.etag === undefined ? {} : { etag: outcome.etag }),
      ...(outcome.lastModified === undefined ? {} : { lastModified: outcome.lastModified }),
    })
    .where(eq(sources.id, row.id))
    .returning()
    .get();
  if (!updated) throw new Error(`source ${row.id} vanished`);
  return updated;
}
