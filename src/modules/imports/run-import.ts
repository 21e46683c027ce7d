import type { Db } from '../../db/client.js';
import { keyedWrite, type IdempotencyScope, type RecordedResponse } from '../../db/idempotency.js';
import type { AmbiguousPolicy, Decision } from './decisions.js';
import { importDocument } from './repository.js';

/** One import as the API runs it, on the server's thread or on the import worker's. */
export interface ImportJob {
  text: string;
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
export function runImport(db: Db, job: ImportJob): RecordedResponse & { replayed: boolean } {
  return keyedWrite(db, job.scope, () => {
    const result = importDocument(db, job.text, { dryRun: job.dryRun, asOf: job.asOf, language: job.language, statementId: job.statementId, decisions: job.decisions, ambiguous: job.ambiguous }, job.actor);
    const headers: Record<string, string> = result.event ? { location: `/v1/statements/${result.event.statementId}/snapshots/${result.event.seq}` } : {};
    return { status: result.event ? 201 : 200, headers, payload: JSON.stringify(result) };
  });
}
