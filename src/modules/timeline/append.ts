import { inTransaction, type Conn } from '../../db/client.js';
import { todayUtc } from '../../lib/dates.js';
import { invalid } from '../../lib/domain-error.js';
import { disagreement } from '../documents/reread.js';
import { newId, nowIso } from '../../lib/ids.js';
import { planEvent, type EventPlan } from './plan.js';
import type { SignatoryEvent, RedundantItem, EventInput } from './schemas.js';
import { checkEvent } from './check-event.js';
import { writeEvent } from './write.js';

export type RecordedEvent = SignatoryEvent & { redundantLater: RedundantItem[] };

/**
 * Check, then plan, without writing: exactly what appending would do. `statementId` null plans
 * the first event of a statement about to be created (an import's dry run).
 */
export function previewEvent(tx: Conn, statementId: string | null, input: EventInput, actor: string): EventPlan {
  const { state, event } = checkEvent(tx, statementId, input);
  return planEvent(state, event, { actor, now: nowIso(), today: todayUtc(), newId });
}

/**
 * An event that names a document must be what the document gives (documents/reread.ts): a list
 * typed by hand next to a document that says otherwise would be a wrong record with a proof
 * attached. The document's text is read before the write (a PDF is read on the import worker).
 */
function requireDocumentAgrees(plan: EventPlan, documentText: string | undefined): void {
  const { document } = plan.event;
  if (document === null) return;
  if (documentText === undefined) throw new Error(`event names document ${document}, whose text was not read first`);
  const reason = disagreement(documentText, plan.event);
  if (reason !== null)
    throw invalid('document-disagrees', `The event is not what document ${document} gives: ${reason}.`, [
      { field: 'document', detail: reason },
    ]);
}

/**
 * Check, plan and write one signatory event, as one transaction: the write lane's (whose one
 * writer also serializes appends: seq is never handed out twice and every plan sees the events
 * before it), or the caller's (a merge moves signatures as events), or its own (the CLI).
 */
export function appendEvent(
  db: Conn,
  statementId: string,
  input: EventInput,
  actor: string,
  options: { documentText?: string } = {},
): RecordedEvent {
  return inTransaction(db, () => {
    const plan = previewEvent(db, statementId, input, actor);
    requireDocumentAgrees(plan, options.documentText);
    writeEvent(db, plan);
    return { ...plan.event, redundantLater: plan.redundantLater };
  });
}
