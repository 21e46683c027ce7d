import type { Conn } from '../../db/client.js';
import { keyedWrite, type IdempotencyScope, type RecordedResponse } from '../../db/idempotency.js';
import type { SourceDocument } from '../../lib/documents/types.js';
import type { AmbiguousPolicy, Decision } from './decisions.js';
import { importDocument } from './repository.js';
import type { ImportResult } from './schemas.js';

/** One import as the API runs it, on the server's thread or on the import worker's. */
export interface ImportJob {
  /** The text the parser reads: as sent, or read out of the document. */
  text: string;
  /** Where the text was read from, when the document was not plain text (the result's `extracted`, less the text). */
  extracted: Omit<NonNullable<ImportResult['extracted']>, 'text'> | null;
  /** The document as sent, kept to the write (to be stored by its SHA-256). */
  document: SourceDocument;
  dryRun: boolean;
  asOf?: string | undefined;
  language?: string | undefined;
  statementId?: string | undefined;
  /** Undecided entries decided by line (see decisions.ts). */
  decisions?: Decision[] | undefined;
  ambiguous?: AmbiguousPolicy | undefined;
  actor: string;
  scope: IdempotencyScope | null;
}

/** Imports, and records the response under the request's Idempotency-Key, in one transaction. */
export function runImport(db: Conn, job: ImportJob): RecordedResponse & { replayed: boolean } {
  return keyedWrite(db, job.scope, () => {
    const { text, extracted, document, dryRun, asOf, language, statementId, decisions, ambiguous } = job;
    const result = importDocument(
      db,
      text,
      { dryRun, asOf, language, statementId, extracted, document, decisions, ambiguous },
      job.actor,
    );
    const headers: Record<string, string> = result.event
      ? { location: `/v1/statements/${result.event.statementId}/events/${result.event.seq}` }
      : {};
    return { status: result.event ? 201 : 200, headers, payload: JSON.stringify(result) };
  });
}
