import { inTransaction, type Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { DomainError } from '../../lib/domain-error.js';
import { fetchDocument, type Fetched as FetchResult } from '../../lib/fetch-document.js';
import { keepDocument, sha256Of } from '../documents/repository.js';
import { documentText, type DocumentReader } from '../documents/reread.js';
import { DOCUMENT_MEDIA_TYPES } from '../documents/schemas.js';
import { acceptProposal } from '../proposals/decide.js';
import { createProposal } from '../proposals/repository.js';
import { planImport, type FetchedDocument } from '../imports/fetched.js';
import { getLiveSource, recordOutcome, type Outcome, type SourceRow } from './repository.js';

/**
 * One check of a watched source: fetch (conditionally), and when the list it publishes differs
 * from the record, keep the document and make a proposal; in auto mode, accept a proposal that
 * only adds organizations by itself. A page that fails, vanishes or does not read as a list is
 * recorded on the source, never in the timeline.
 */

export interface SourceOptions {
  /** How a fetched document's text is read (the import worker's way, for large ones). */
  readDocument: DocumentReader;
  allowPrivate: boolean;
  allowHosts: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  now: () => Date;
}

export interface CheckOutcome {
  outcome: Outcome['outcome'];
  source: SourceRow;
  proposalId: string | null;
}

const essence = (mediaType: string) => mediaType.split(';')[0]?.trim() ?? '';

export async function checkSource(
  db: Conn,
  lane: WriteLane,
  options: SourceOptions,
  id: string,
): Promise<CheckOutcome> {
  const row = getLiveSource(db, id);
  const at = options.now();
  const record = async (outcome: Outcome, proposalId: string | null = null): Promise<CheckOutcome> => ({
    outcome: outcome.outcome,
    source: await lane.write(() => recordOutcome(db, row, outcome, at), { quiet: true }),
    proposalId,
  });
  const fetched = await fetchDocument(row.url, {
    etag: row.etag,
    lastModified: row.lastModified,
    allowPrivate: options.allowPrivate,
    allowHosts: options.allowHosts,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
    accept: DOCUMENT_MEDIA_TYPES,
  });
  if (fetched.kind === 'failed') return record({ outcome: 'failed', httpStatus: fetched.status, error: fetched.error });
  if (fetched.kind === 'not-modified') return record({ outcome: 'not-modified', httpStatus: 304, error: null });
  const validators = { etag: fetched.headers['etag'] ?? null, lastModified: fetched.headers['last-modified'] ?? null };
  if (!(DOCUMENT_MEDIA_TYPES as readonly string[]).includes(essence(fetched.mediaType))) {
    return record({
      outcome: 'failed',
      httpStatus: fetched.status,
      error: `served ${fetched.mediaType}, not a document this server reads (${DOCUMENT_MEDIA_TYPES.join(', ')})`,
    });
  }
  const sha256 = sha256Of(fetched.bytes);
  if (sha256 === row.lastDocument)
    return record({ outcome: 'unchanged', httpStatus: fetched.status, error: null, ...validators });
  const actor = `source ${row.id}`;
  const read = await readAsList(db, row, fetched, sha256, at, actor, options.readDocument);
  if ('error' in read) return record({ outcome: 'failed', httpStatus: fetched.status, error: read.error });
  const { doc, plan } = read;
  if (plan.outcome === 'unchanged')
    return record({ outcome: 'unchanged', httpStatus: fetched.status, error: null, document: sha256, ...validators });
  const proposal = await lane.write(() => keepAndPropose(db, row, fetched, doc, plan, actor));
  const outcome = { httpStatus: fetched.status, error: null, document: sha256, ...validators };
  if (row.mode === 'auto' && proposal.attention.length === 0) {
    await lane.write(() => acceptProposal(db, proposal.id, `${actor} (auto)`, doc));
    return record({ outcome: 'accepted', ...outcome }, proposal.id);
  }
  return record({ outcome: 'proposed', ...outcome }, proposal.id);
}

type Fetched = Extract<FetchResult, { kind: 'ok' }>;
type Plan = ReturnType<typeof planImport>;

/** The fetched document's text and the import it would make; a document that does not read as the statement's list is an error to record. */
async function readAsList(
  db: Conn,
  row: SourceRow,
  fetched: Fetched,
  sha256: string,
  at: Date,
  actor: string,
  readDocument: DocumentReader,
): Promise<{ doc: FetchedDocument; plan: Plan } | { error: string }> {
  try {
    const doc: FetchedDocument = {
      text: await documentText(fetched.bytes, fetched.mediaType, readDocument),
      sha256,
      url: fetched.url,
      capturedAt: at.toISOString(),
    };
    return { doc, plan: planImport(db, row.statementId, doc, actor) };
  } catch (error) {
    if (error instanceof DomainError) return { error: `does not read as the statement's list: ${error.message}` };
    throw error;
  }
}

/** The document kept as evidence and the proposal made from it, in one transaction. */
function keepAndPropose(db: Conn, row: SourceRow, fetched: Fetched, doc: FetchedDocument, plan: Plan, actor: string) {
  return inTransaction(db, () => {
    keepDocument(
      db,
      { bytes: fetched.bytes, mediaType: fetched.mediaType },
      {
        url: fetched.url,
        capturedAt: doc.capturedAt,
        httpStatus: fetched.status,
        httpHeaders: fetched.headers,
        recordedBy: actor,
      },
    );
    return createProposal(db, { statementId: row.statementId, sourceId: row.id, document: doc.sha256, plan });
  });
}
