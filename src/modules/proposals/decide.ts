import { asc, eq } from 'drizzle-orm';
import { inTransaction, type Conn } from '../../db/client.js';
import { documentCaptures } from '../../db/schema.js';
import { keptDocumentText } from '../documents/repository.js';
import type { DocumentReader } from '../documents/reread.js';
import type { ImportOptions } from '../imports/repository.js';
import { runImport } from '../imports/fetched.js';
import { decide, getProposal, pendingProposal } from './repository.js';

/** What accepting a proposal imports: its document's text (read first, off the write) and where it was fetched. */
export async function proposedDocument(db: Conn, id: string, read: DocumentReader) {
  const proposal = getProposal(db, id);
  const capture = db
    .select()
    .from(documentCaptures)
    .where(eq(documentCaptures.sha256, proposal.document))
    .orderBy(asc(documentCaptures.id))
    .limit(1)
    .get();
  return {
    text: await keptDocumentText(db, proposal.document, read),
    sha256: proposal.document,
    url: capture?.url ?? '',
    capturedAt: capture?.capturedAt ?? proposal.createdAt,
  };
}

/**
 * Accepting a proposal imports its document now, into its statement, in one transaction: the
 * event names the document, so the chain proves which fetched bytes the list came from. If the
 * list already is what the document says (another event got there first), nothing is appended.
 */
export function acceptProposal(
  db: Conn,
  id: string,
  actor: string,
  document: Awaited<ReturnType<typeof proposedDocument>>,
  decided: Pick<ImportOptions, 'decisions' | 'ambiguous'> = {},
) {
  return inTransaction(db, () => {
    const proposal = pendingProposal(db, id);
    const result = runImport(db, proposal.statementId, document, actor, decided);
    return decide(db, id, { status: 'accepted', actor, eventSeq: result.event?.seq ?? null });
  });
}

export function rejectProposal(db: Conn, id: string, actor: string, reason: string) {
  return inTransaction(db, () => {
    pendingProposal(db, id);
    return decide(db, id, { status: 'rejected', actor, reason });
  });
}
