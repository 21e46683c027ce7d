import { createHash } from 'node:crypto';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import { documentCaptures, documents, signatoryEvents } from '../../db/schema.js';
import { invalid, notFound } from '../../lib/domain-error.js';
import { documentText, type DocumentReader } from './reread.js';
import { canonicalHash } from '../../lib/hash-chain.js';
import { nowIso } from '../../lib/ids.js';

/**
 * Documents kept as evidence: the bytes once, by their SHA-256, and every time they were received
 * (a capture: from where, when, with which HTTP status and headers, or as which uploaded file).
 * Written inside the caller's transaction, so a document and the event that names it are kept
 * together or not at all.
 */

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface Capture {
  url?: string | null;
  fileName?: string | null;
  /** When it was fetched or received (default: now). */
  capturedAt?: string;
  httpStatus?: number | null;
  httpHeaders?: Record<string, string> | null;
  recordedBy: string;
}

type CaptureRow = typeof documentCaptures.$inferSelect;

/** What a capture's hash covers: all of it but its row id. */
export const captureHash = (c: Omit<CaptureRow, 'id' | 'hash'>) =>
  canonicalHash({
    sha256: c.sha256,
    url: c.url,
    fileName: c.fileName,
    capturedAt: c.capturedAt,
    httpStatus: c.httpStatus,
    httpHeaders: c.httpHeaders,
    recordedBy: c.recordedBy,
  });

const queries = preparedOnce((db) => ({
  kept: db
    .select({ sha256: documents.sha256 })
    .from(documents)
    .where(eq(documents.sha256, sql.placeholder('sha256')))
    .prepare(),
  document: db
    .select()
    .from(documents)
    .where(eq(documents.sha256, sql.placeholder('sha256')))
    .prepare(),
}));

export const isKept = (db: Conn, sha256: string) => queries(db).kept.get({ sha256 }) !== undefined;

/** Keeps the bytes (once) and this capture of them; returns the document's SHA-256 and whether it was new. */
export function keepDocument(
  tx: Conn,
  document: { bytes: Uint8Array; mediaType: string },
  capture: Capture,
): { sha256: string; created: boolean } {
  const sha256 = sha256Of(document.bytes);
  const created = !isKept(tx, sha256);
  const now = nowIso();
  if (created)
    tx.insert(documents)
      .values({
        sha256,
        mediaType: document.mediaType,
        size: document.bytes.byteLength,
        bytes: Buffer.from(document.bytes),
        storedAt: now,
      })
      .run();
  const row = {
    sha256,
    url: capture.url ?? null,
    fileName: capture.fileName ?? null,
    capturedAt: capture.capturedAt ?? now,
    httpStatus: capture.httpStatus ?? null,
    httpHeaders: capture.httpHeaders ?? null,
    recordedBy: capture.recordedBy,
  };
  tx.insert(documentCaptures)
    .values({ ...row, hash: captureHash(row) })
    .run();
  return { sha256, created };
}

export function getDocument(db: Conn, sha256: string) {
  const row = queries(db).document.get({ sha256 });
  if (!row) throw notFound('Document', sha256);
  return row;
}

/** The record of a kept document: what it is, each time it was received, and the events made from it. */
export function documentRecord(db: Conn, sha256: string) {
  const row = db
    .select({
      sha256: documents.sha256,
      mediaType: documents.mediaType,
      size: documents.size,
      storedAt: documents.storedAt,
    })
    .from(documents)
    .where(eq(documents.sha256, sha256))
    .get();
  if (!row) throw notFound('Document', sha256);
  const captures = db
    .select()
    .from(documentCaptures)
    .where(eq(documentCaptures.sha256, sha256))
    .orderBy(asc(documentCaptures.id))
    .all();
  const events = db
    .select({ statementId: signatoryEvents.statementId, seq: signatoryEvents.seq })
    .from(signatoryEvents)
    .where(eq(signatoryEvents.document, sha256))
    .orderBy(asc(signatoryEvents.recordedAt))
    .all();
  return { ...row, captures: captures.map(({ sha256: _s, ...c }) => c), events };
}

/** The first file name the document was received as, for Content-Disposition. */
export function fileNameOf(db: Conn, sha256: string): string | null {
  return (
    db
      .select({ fileName: documentCaptures.fileName })
      .from(documentCaptures)
      .where(and(eq(documentCaptures.sha256, sha256), isNotNull(documentCaptures.fileName)))
      .orderBy(asc(documentCaptures.id))
      .limit(1)
      .get()?.fileName ?? null
  );
}

/**
 * The text of a kept document, as the importer reads it; a hash of no kept document is the
 * caller's mistake, named as its `document` field.
 */
export async function keptDocumentText(db: Conn, sha256: string, read: DocumentReader): Promise<string> {
  const row = queries(db).document.get({ sha256 });
  if (!row)
    throw invalid(
      'unknown-document',
      `No document with SHA-256 ${sha256} is kept: upload it first (POST /v1/documents).`,
      [{ field: 'document', detail: 'is not the SHA-256 of a kept document' }],
    );
  return documentText(row.bytes, row.mediaType, read);
}
