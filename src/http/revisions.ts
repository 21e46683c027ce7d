import type { z } from 'zod';
import type { revisions } from '../db/schema.js';
import { encodeCursor } from './pagination.js';

type RevisionRow = typeof revisions.$inferSelect;

/** A stored revision as the API shows it; the state is re-read through the resource's schema. */
export function toRevision<S extends z.ZodType>(row: RevisionRow, stateSchema: S) {
  return {
    revision: row.revision,
    action: row.action,
    recordedAt: row.recordedAt,
    recordedBy: row.recordedBy,
    state: stateSchema.parse(row.state) as z.output<S>,
  };
}

/** Revisions page newest first; the cursor is the last revision number shown. */
export function toRevisionPage<S extends z.ZodType>(rows: RevisionRow[], limit: number, stateSchema: S) {
  const items = rows.slice(0, limit).map((row) => toRevision(row, stateSchema));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.revision) : null };
}
