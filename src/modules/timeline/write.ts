import { and, eq } from 'drizzle-orm';
import { insertRows } from '../../db/bulk-insert.js';
import type { Conn } from '../../db/client.js';
import { appendRevisions, type NewRevision } from '../../db/revisions.js';
import { signatoryEventItems, signatoryEvents, signatures, signatureSpans } from '../../db/schema.js';
import { insertOrganizations } from '../organizations/repository.js';
import { toSignature } from '../signatures/repository.js';
import type { EventPlan } from './plan.js';

/**
 * The write step of an append: carries out a plan inside the caller's transaction. Nothing here
 * decides anything; every refusal happened while planning.
 */
export function writeEvent(db: Conn, plan: EventPlan): void {
  const { event } = plan;
  const { statementId, seq, recordedAt, recordedBy: actor } = event;
  // Created at the event's own moment, so a read as known at that moment finds them.
  insertOrganizations(db, plan.newOrganizations, actor, recordedAt);
  insertRows(db, signatoryEvents, [
    {
      statementId,
      seq,
      asOf: event.asOf,
      recordedAt,
      recordedBy: actor,
      source: event.source,
      note: event.note,
      document: event.document ?? null,
      total: event.total,
      prevHash: event.prevHash,
      hash: event.hash,
      format: event.format,
      latestTotal: plan.latestTotal,
    },
  ]);
  insertRows(
    db,
    signatoryEventItems,
    event.items.map((item, ord) => ({ ...item, statementId, seq, ord })),
  );

  appendRevisions(db, writeSignatures(db, plan));
  closeSpans(db, plan);
  insertRows(db, signatureSpans, plan.openSpans);
}

/** New and changed signatures, and the revisions that record them. */
function writeSignatures(db: Conn, plan: EventPlan): NewRevision[] {
  const { recordedAt, recordedBy: actor } = plan.event;
  const revisions: NewRevision[] = [];
  insertRows(db, signatures, plan.newSignatures);
  for (const row of plan.newSignatures)
    revisions.push({
      resource: 'signature',
      resourceId: row.id,
      revision: 1,
      action: 'create',
      recordedAt,
      recordedBy: actor,
      state: toSignature(row),
    });
  for (const change of plan.changedSignatures) {
    const { id, ...fields } = change;
    const row = db.update(signatures).set(fields).where(eq(signatures.id, id)).returning().get();
    if (!row) throw new Error(`signature ${id} vanished inside its own transaction`);
    revisions.push({
      resource: 'signature',
      resourceId: id,
      revision: row.revision,
      action: 'update',
      recordedAt,
      recordedBy: actor,
      state: toSignature(row),
    });
  }
  return revisions;
}

/** The spans this event ends are closed as known up to it. */
function closeSpans(db: Conn, plan: EventPlan): void {
  const { statementId, seq } = plan.event;
  for (const span of plan.closeSpans) {
    db.update(signatureSpans)
      .set({ knownTo: seq })
      .where(
        and(
          eq(signatureSpans.statementId, statementId),
          eq(signatureSpans.signatureId, span.signatureId),
          eq(signatureSpans.validFrom, span.validFrom),
          eq(signatureSpans.knownFrom, span.knownFrom),
        ),
      )
      .run();
  }
}
