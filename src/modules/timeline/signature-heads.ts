import type { ChangeNote } from '../../db/schema.js';
import { byOrganization, organizationTimeline, retractedIn, standingOf, type OrganizationTimeline } from './replay.js';
import type { After } from './record-before.js';
import type { RecordedItem, SignatureRow, TimelineState } from './state.js';
import type { NewSignatureStub } from './event-items.js';

/** A signature's head (its standing, derived from the record) and what an event changes in it. */

export type NewSignature = Omit<SignatureRow, 'seq'>;
export type StandingChange = Pick<
  SignatureRow,
  'id' | 'revision' | 'status' | 'addedAsOf' | 'withdrawnAsOf' | 'withdrawal' | 'retraction' | 'updatedAt'
>;

const noteOf = (item: RecordedItem | null): ChangeNote | null =>
  item && {
    seq: item.seq,
    asOf: item.asOf,
    reason: item.reason,
    recordedAt: item.recordedAt,
    recordedBy: item.recordedBy,
  };

/** The derived part of a signature's head, as known after the items given. */
export function derivedHead(
  signatureId: string,
  own: readonly RecordedItem[],
  timeline: OrganizationTimeline<RecordedItem>,
) {
  const standing = standingOf(signatureId, own, timeline);
  return {
    status: standing.status,
    addedAsOf: standing.addedAsOf,
    withdrawnAsOf: standing.withdrawnAsOf,
    withdrawal: noteOf(standing.withdrawnBy),
    retraction: noteOf(standing.retractedBy),
  };
}

const sameHead = (
  a: ReturnType<typeof derivedHead>,
  b: Pick<SignatureRow, 'status' | 'addedAsOf' | 'withdrawnAsOf' | 'withdrawal' | 'retraction'>,
) =>
  JSON.stringify(a) ===
  JSON.stringify({
    status: b.status,
    addedAsOf: b.addedAsOf,
    withdrawnAsOf: b.withdrawnAsOf,
    withdrawal: b.withdrawal,
    retraction: b.retraction,
  });

/** Heads of the new signatures, and new revisions of those whose standing the event changes. */
export function standings(state: TimelineState, created: NewSignatureStub[], after: After, recordedAt: string) {
  const headOf = (id: string, organizationId: string) => {
    const org = after.get(organizationId);
    return derivedHead(id, org?.own ?? [], org?.timeline ?? { intervals: [], effective: new Set() });
  };
  const newSignatures: NewSignature[] = created.map((c) => ({
    ...c,
    revision: 1,
    statementId: state.statementId,
    ...headOf(c.id, c.organizationId),
    createdAt: recordedAt,
    updatedAt: recordedAt,
  }));
  const changedSignatures: StandingChange[] = [];
  for (const head of state.signatures.values()) {
    if (!after.has(head.organizationId)) continue;
    const next = headOf(head.id, head.organizationId);
    if (!sameHead(next, head))
      changedSignatures.push({ id: head.id, revision: head.revision + 1, ...next, updatedAt: recordedAt });
  }
  return { newSignatures, changedSignatures };
}

/**
 * The derived head each signature of the statement should have, from its items: one at a time,
 * for the first addition of each, in the order the events add them (verify compares each and
 * drops it). A replay that grouped the items already passes its groups and retractions.
 */
export function* expectedHeads(
  items: readonly RecordedItem[],
  itemsOf: ReadonlyMap<string, RecordedItem[]> = byOrganization(items),
  retracted: ReadonlySet<string> = retractedIn(items),
): Generator<{ first: RecordedItem; head: ReturnType<typeof derivedHead> }> {
  const seen = new Set<string>();
  for (const first of items) {
    if (first.kind !== 'add' || seen.has(first.signatureId)) continue;
    seen.add(first.signatureId);
    const own = itemsOf.get(first.organizationId) ?? [];
    yield { first, head: derivedHead(first.signatureId, own, organizationTimeline(own, retracted)) };
  }
}
