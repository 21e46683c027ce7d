import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Watched sources and the proposals they make (part of src/db/schema.ts). */

/**
 * A web page or PDF that publishes a statement's list, fetched on its schedule. Its state (when it
 * was checked, how it answered, the validators for the next conditional request) is operational,
 * not history: what it fetched is kept as documents, and what it changed as events.
 */
export const sources = sqliteTable(
  'sources',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    statementId: text('statement_id').notNull(),
    url: text('url').notNull(),
    // review: every change waits for a person; auto: additions of known or unambiguous new organizations are accepted by themselves.
    mode: text('mode', { enum: ['review', 'auto'] }).notNull(),
    // The schedule as given (ISO 8601 duration, e.g. PT6H) and in seconds.
    every: text('every').notNull(),
    everySeconds: integer('every_seconds').notNull(),
    nextCheckAt: text('next_check_at').notNull(),
    lastCheckedAt: text('last_checked_at'),
    // ok | unchanged | not-modified | failed | proposed
    lastOutcome: text('last_outcome'),
    lastHttpStatus: integer('last_http_status'),
    lastError: text('last_error'),
    // The last document fetched (documents.sha256), and the validators it came with.
    lastDocument: text('last_document'),
    etag: text('etag'),
    lastModified: text('last_modified'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    // The watcher's question: which live sources are due?
    index('sources_due_idx').on(t.nextCheckAt),
    index('sources_statement_idx').on(t.statementId, t.seq),
  ],
);

/**
 * A change a source's document would make to its statement's list, as an import's dry run says
 * it: waiting for a person (or accepted by itself in auto mode), then accepted (an event), rejected,
 * or superseded by a newer proposal of the same source.
 */
export const proposals = sqliteTable(
  'proposals',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    statementId: text('statement_id').notNull(),
    sourceId: text('source_id').notNull(),
    // The fetched document (documents.sha256) the proposal would import.
    document: text('document').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'rejected', 'superseded'] }).notNull(),
    // Why it waits for a person, in words; null when it could be accepted by itself.
    attention: text('attention', { mode: 'json' }).$type<string[]>().notNull(),
    // The import's dry run, as GET /v1/imports?dryRun=true would answer it.
    plan: text('plan', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: text('created_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    reason: text('reason'),
    // The event accepting it appended.
    eventSeq: integer('event_seq'),
  },
  (t) => [
    index('proposals_statement_idx').on(t.statementId, t.seq),
    index('proposals_source_idx').on(t.sourceId, t.status),
  ],
);
