import type { Conn, Db } from '../../db/client.js';
import { todayUtc } from '../../lib/dates.js';
import { invalid } from '../../lib/domain-error.js';
import { getDocument } from '../documents/repository.js';
import { documentDisagrees } from '../documents/reread.js';
import { newId, nowIso } from '../../lib/ids.js';
import { planEvent, type EventPlan } from './plan.js';
import type { SignatoryEvent, RedundantItem, SnapshotInput } from './schemas.js';
import { checkEvent } from './state.js';
import { writeEvent } from './write.js';

export type RecordedEvent = SignatoryEvent & { redundantLater: RedundantItem[] };

/**
 * Check, then plan, without writing: exactly what appending would do. `statementId` null plans
 * the first event of a statement about to be created (an import's dry run).
 */
export function previewEvent(tx: Conn, statementId: string | null, input: SnapshotInput, actor: string): EventPlan {
  const { state, event } = checkEvent(tx, statementId, input);
  return planEvent(state, event, { actor, now: nowIso(), today: todayUtc(), newId });
}

/**
 * An event that names a document must be what the document gives (documents/reread.ts): a list
 * typed by hand next to a document that says otherwise would be a wrong record with a proof
 * attached. The importer, which made the event from the document, skips the second reading.
 */
function requireDocumentAgrees(db: Conn, plan: EventPlan): void {
  const { document } = plan.event;
  if (document === null) return;
  const row = getDocument(db, document);
  const disagreement = documentDisagrees(row.bytes, row.mediaType, plan.event);
  if (disagreement !== null) {
    throw invalid('document-disagrees', `The event is not what document ${document} gives: ${disagreement}.`, [{ field: 'document', detail: disagreement }]);
  }
}

/** Check, plan and write, inside the caller's transaction (the importer creates the statement first). */
export function appendEventIn(db: Db, statementId: string, input: SnapshotInput, actor: string, options: { documentRead?: boolean } = {}): RecordedEvent {
  const plan = previewEvent(db, statementId, input, actor);
  if (!options.documentRead) requireDocumentAgrees(db, plan);
  writeEvent(db, plan);
  return { ...plan.event, redundantLater: plan.redundantLater };
}

/**
 * Appends one signatory event in one BEGIN IMMEDIATE transaction, which also serializes
 * concurrent appends: seq is never handed out twice and every plan sees the events before it.
 */
export function appendEvent(db: Db, statementId: string, input: SnapshotInput, actor: string): RecordedEvent {
  return db.transaction(() => appendEventIn(db, statementId, input, actor), { behavior: 'immediate' });
}
