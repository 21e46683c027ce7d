import type { Conn } from '../../db/client.js';
import { captureHash, sha256Of } from './repository.js';

/**
 * Verify's part for kept documents: each document's bytes still have the SHA-256 that names them
 * (and their size), each capture its hash, and each event names a document that is kept.
 */

export interface DocumentIntegrity {
  checked: number;
  bytes: number;
  problems: { sha256: string; detail: string }[];
}

export function verifyDocuments(db: Conn): DocumentIntegrity {
  const problems: DocumentIntegrity['problems'] = [];
  let checked = 0;
  let bytes = 0;
  // One row at a time: documents can be tens of megabytes each.
  for (const row of db.$client
    .prepare<[], { sha256: string; size: number; bytes: Buffer }>(
      'SELECT sha256, size, bytes FROM documents ORDER BY sha256',
    )
    .iterate()) {
    checked++;
    bytes += row.bytes.byteLength;
    const actual = sha256Of(row.bytes);
    if (actual !== row.sha256)
      problems.push({ sha256: row.sha256, detail: `its bytes have the SHA-256 ${actual}: they were changed` });
    else if (row.size !== row.bytes.byteLength)
      problems.push({
        sha256: row.sha256,
        detail: `its size is stored as ${row.size}; it has ${row.bytes.byteLength} bytes`,
      });
  }
  const captures = db.$client
    .prepare<
      [],
      {
        id: number;
        sha256: string;
        url: string | null;
        file_name: string | null;
        captured_at: string;
        http_status: number | null;
        http_headers: string | null;
        recorded_by: string;
        hash: string;
      }
    >('SELECT * FROM document_captures ORDER BY id')
    .all();
  for (const c of captures) {
    const expected = captureHash({
      sha256: c.sha256,
      url: c.url,
      fileName: c.file_name,
      capturedAt: c.captured_at,
      httpStatus: c.http_status,
      httpHeaders: c.http_headers === null ? null : (JSON.parse(c.http_headers) as Record<string, string>),
      recordedBy: c.recorded_by,
    });
    if (expected !== c.hash)
      problems.push({
        sha256: c.sha256,
        detail: `capture ${c.id}: the stored hash does not match the capture's content`,
      });
  }
  const orphans = db.$client
    .prepare<[], { statementId: string; seq: number; document: string }>(
      'SELECT statement_id AS statementId, seq, document FROM signatory_events e WHERE document IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = e.document)',
    )
    .all();
  for (const o of orphans)
    problems.push({ sha256: o.document, detail: `event ${o.seq} of ${o.statementId} names it, and it is not kept` });
  return { checked, bytes, problems };
}
