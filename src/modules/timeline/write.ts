import { and, eq } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { appendRevision } from '../../db/revisions.js';
import { signatoryEventItems, signatoryEvents, signatures, signatureSpans } from '../../db/schema.js';
import { insertOrganization } from '../organizations/repository.js';
import { toSignature } from '../signatures/repository.js';
import type { EventPlan } from './plan.js';

/** SQLite limits bound parameters per statement; multi-row inserts go in slices. */
const SLICE = 200;

/**
 * The write step of an append: carries out a plan inside the caller's transaction. Nothing here
 * decides anything; every refusal happened while planning.
 */
export function writeEvent(tx: Conn, plan: EventPlan): void {
  const { event } = plan;
  const { statementId, seq, recordedAt, recordedBy: actor } = event;
  for (const org of plan.newOrganizations) {
    const { id, ...input } = org;
    // Created at the event's own moment, so a read as known at that moment finds it.
    insertOrganization(tx, input, actor, id, recordedAt);
  }
  tx.insert(signatoryEvents)
    .values({ statementId, seq, asOf: event.asOf, recordedAt, recordedBy: actor, source: event.source, note: event.note, total: event.total, prevHash: event.prevHash, hash: event.hash, format: event.format })
    .run();
  const items = event.items.map((item, ord) => ({ ...item, statementId, seq, ord }));
  for (let i = 0; i < items.length; i += SLICE) tx.insert(signatoryEventItems).values(items.slice(i, i + SLICE)).run();

  for (let i = 0; i < plan.newSignatures.length; i += SLICE) {
    const rows = tx.insert(signatures).values(plan.newSignatures.slice(i, i + SLICE)).returning().all();
    for (const row of rows) appendRevision(tx, { resource: 'signature', resourceId: row.id, revision: 1, action: 'create', recordedAt, recordedBy: actor, state: toSignature(row) });
  }
  for (const change of plan.changedSignatures) {
    const { id, ...fields } = change;
    const row = tx.update(signatures).set(fields).where(eq(signatures.id, id)).returning().get();
    if (!row) throw new Error(`signature ${id} vanished inside its own transaction`);
    appendRevision(tx, { resource: 'signature', resourceId: id, revision: row.revision, action: 'update', recordedAt, recordedBy: actor, state: toSignature(row) });
  }

  for (const span of plan.closeSpans) {
    tx.update(signatureSpans)
      .set({ knownTo: seq })
      .where(and(eq(signatureSpans.statementId, statementId), eq(signatureSpans.signatureId, span.signatureId), eq(signatureSpans.validFrom, span.validFrom), eq(signatureSpans.knownFrom, span.knownFrom)))
      .run();
  }
  for (let i = 0; i < plan.openSpans.length; i += SLICE) tx.insert(signatureSpans).values(plan.openSpans.slice(i, i + SLICE)).run();
}
