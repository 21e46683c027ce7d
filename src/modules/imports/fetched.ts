import type { Conn } from '../../db/client.js';
import { parseDocument } from '../../lib/published-list/document.js';
import { ParseError } from '../../lib/published-list/types.js';
import { importDocument, type ImportOptions } from './repository.js';
import type { ImportResult } from './schemas.js';

/**
 * A fetched document through the importer, into its source's statement: the dry run that becomes
 * a proposal, and the import that accepting it runs. Its text is read before (documents/reread.ts,
 * a PDF on the import worker). The list is dated as the document says, or, when it gives no date,
 * by the day it was fetched.
 */

export interface FetchedDocument {
  /** The document's text, as the importer reads it. */
  text: string;
  sha256: string;
  url: string;
  capturedAt: string;
}

/** The fetch date, unless the document prints its own. */
function asOfFor(text: string, capturedAt: string): string | undefined {
  try {
    return parseDocument(text).asOf === null ? capturedAt.slice(0, 10) : undefined;
  } catch (error) {
    if (error instanceof ParseError) return undefined;
    throw error;
  }
}

export function planImport(db: Conn, statementId: string, doc: FetchedDocument, actor: string): ImportResult {
  return importDocument(
    db,
    doc.text,
    { dryRun: true, statementId, asOf: asOfFor(doc.text, doc.capturedAt), source: doc.url },
    actor,
  );
}

/** Imports the kept document for real, its event naming it; inside the caller's transaction. */
export function runImport(
  db: Conn,
  statementId: string,
  doc: FetchedDocument,
  actor: string,
  decided: Pick<ImportOptions, 'decisions' | 'ambiguous'> = {},
): ImportResult {
  return importDocument(
    db,
    doc.text,
    {
      dryRun: false,
      statementId,
      asOf: asOfFor(doc.text, doc.capturedAt),
      source: doc.url,
      keptDocument: doc.sha256,
      ...decided,
    },
    actor,
  );
}
