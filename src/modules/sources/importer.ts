import type { Db } from '../../db/client.js';
import { invalid } from '../../lib/domain-error.js';
import { parseDocument } from '../../lib/published-list/document.js';
import { ParseError } from '../../lib/published-list/types.js';
import { documentText } from '../documents/reread.js';
import { importDocument } from '../imports/repository.js';
import type { ImportResult } from '../imports/schemas.js';

/**
 * A fetched document through the importer, into its source's statement: the dry run that becomes
 * a proposal, and the import that accepting it runs. The list is dated as the document says, or,
 * when it gives no date, by the day it was fetched.
 */

export interface FetchedDocument {
  bytes: Uint8Array;
  mediaType: string;
  sha256: string;
  url: string;
  capturedAt: string;
}

function textOf(doc: Pick<FetchedDocument, 'bytes' | 'mediaType'>): string {
  const text = documentText(doc.bytes, doc.mediaType);
  if (text === null) throw invalid('unparseable-document', `A ${doc.mediaType} document cannot be read as a published list.`);
  return text;
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

export function planImport(db: Db, statementId: string, doc: FetchedDocument, actor: string): ImportResult {
  const text = textOf(doc);
  return importDocument(db, text, { dryRun: true, statementId, asOf: asOfFor(text, doc.capturedAt), source: doc.url }, actor);
}

/** Imports the kept document for real, its event naming it; inside the caller's transaction. */
export function runImport(db: Db, statementId: string, doc: FetchedDocument, actor: string): ImportResult {
  const text = textOf(doc);
  return importDocument(db, text, { dryRun: false, statementId, asOf: asOfFor(text, doc.capturedAt), source: doc.url, document: doc.sha256 }, actor);
}
