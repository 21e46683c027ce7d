import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Documents kept as evidence (part of src/db/schema.ts); their guards are in migrations/0021. */

/**
 * Every document imported, fetched or uploaded, stored once by its SHA-256 (lowercase hex): the
 * bytes exactly as received. An event made from a document names its hash, and the event's own
 * hash covers that name, so the chain proves which bytes a list came from. Append-only.
 */
export const documents = sqliteTable('documents', {
  sha256: text('sha256').primaryKey(),
  mediaType: text('media_type').notNull(),
  size: integer('size').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  storedAt: text('stored_at').notNull(),
});

/**
 * Each time a document was received: the facts a WARC record keeps (where from, when, and the
 * HTTP status and headers it came with), or the file name of an upload. The same bytes fetched
 * twice are one document with two captures. Append-only, and each capture is a leaf of the log.
 */
export const documentCaptures = sqliteTable(
  'document_captures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sha256: text('sha256')
      .notNull()
      .references(() => documents.sha256),
    url: text('url'),
    fileName: text('file_name'),
    // When it was fetched or received.
    capturedAt: text('captured_at').notNull(),
    httpStatus: integer('http_status'),
    httpHeaders: text('http_headers', { mode: 'json' }).$type<Record<string, string>>(),
    recordedBy: text('recorded_by').notNull(),
    // SHA-256 over the RFC 8785 JSON of the capture (all but id and this): what its leaf in the log names.
    hash: text('hash').notNull(),
  },
  // A document's captures, oldest first (its metadata).
  (t) => [index('document_captures_sha256_idx').on(t.sha256, t.id)],
);
