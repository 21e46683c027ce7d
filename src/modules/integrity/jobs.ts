import type { Conn } from '../../db/client.js';
import { verifyStatementTimeline, type StatementIntegrity } from '../timeline/verify.js';
import { bundleContent } from './bundle.js';
import type { CheckpointClaims } from './checkpoints.js';
import { verifyDatabase, type DatabaseIntegrity } from './verify.js';

/** The long reads of the integrity module, run on its worker or, when small, inline. */
export type IntegrityJob =
  { kind: 'database' } | { kind: 'statement'; statementId: string } | { kind: 'bundle'; statementId: string };
export type IntegrityResult =
  | { kind: 'database'; report: DatabaseIntegrity }
  | { kind: 'statement'; report: StatementIntegrity }
  /** A bundle's JSON without its checkpoint (signed on the server's thread, which holds the key), as UTF-8 bytes. */
  | { kind: 'bundle'; claims: CheckpointClaims; body: Uint8Array<ArrayBuffer> };

const encoder = new TextEncoder();

export function runIntegrityJob(db: Conn, job: IntegrityJob): IntegrityResult {
  if (job.kind === 'database') return { kind: job.kind, report: verifyDatabase(db) };
  if (job.kind === 'statement') return { kind: job.kind, report: verifyStatementTimeline(db, job.statementId) };
  // Serialized where it is read, so that from the worker the bytes are transferred: a 100,000-entry bundle is some 33 MB of JSON.
  const content = bundleContent(db, job.statementId);
  return { kind: job.kind, claims: content.claims, body: encoder.encode(JSON.stringify(content)) };
}
