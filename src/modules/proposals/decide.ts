import type { Db } from '../../db/client.js';
import { documentCaptures } from '../../db/schema.js';
import { asc, eq } from 'drizzle-orm';
import { getDocument } from '../documents/repository.js';
import { runImport } from '../sources/importer.js';
import { decide, pendingProposal } from './repository.js';

/**
 * Accepting a proposal imports its document now, into its statement, in one transaction: the
 * event names the document, so the chain proves which fetched bytes the list came from. If the
 * list already is what the document says (another event got there first), nothing is appended.
 */
export function acceptProposal(db: Db, id: string, actor: string) {
  return db.transaction(
    () => {
      const proposal = pendingProposal(db, id);
      const document = getDocument(db, proposal.document);
      const capture = db.select().from(documentCaptures).where(eq(documentCaptures.sha256, proposal.document)).orderBy(asc(documentCaptures.id)).limit(1).get();
      const result = runImport(db, proposal.statementId, { bytes: document.bytes, mediaType: document.mediaType, sha256: document.sha256, url: capture?.url ?? '', capturedAt: capture?.capturedAt ?? document.storedAt }, actor);
      return decide(db, id, { status: 'accepted', actor, eventSeq: result.event?.seq ?? null });
    },
    { behavior: 'immediate' },
  );
}

export function rejectProposal(db: Db, id: string, actor: string, reason: string) {
  return db.transaction(
    () => {
      pendingProposal(db, id);
      return decide(db, id, { status: 'rejected', actor, reason });
    },
    { behavior: 'immediate' },
  );
}
