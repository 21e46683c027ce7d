import { conflict, type FieldFault } from '../../lib/domain-error.js';
import type { EventItem } from '../../lib/hash-chain.js';
import type { OrganizationInput } from '../organizations/schemas.js';
import type { ResolvedEvent } from './check-event.js';
import type { Before } from './record-before.js';
import { itemKey, onListAt, validOrder, type OrganizationTimeline } from './replay.js';
import type { RecordedItem, SignatureRow, TimelineState } from './state.js';

/**
 * The event's items, each checked against the list at its date as known now: additions (new
 * signatures, or an earlier date for one that joins later anyway), withdrawals and retractions.
 */

export type NewOrganization = OrganizationInput & { id: string };
export type NewSignatureStub = Pick<
  SignatureRow,
  'id' | 'organizationId' | 'position' | 'signedOn' | 'note' | 'printedAs' | 'printedNumber'
>;

type NewId = (prefix: 'org' | 'sig') => string;

interface Checked {
  faults: FieldFault[];
  items: EventItem[];
}

/** Additions: a new signature at the end of the list, or the one of a later addition, moved earlier. */
function addItems(state: TimelineState, input: ResolvedEvent, newId: NewId, before: Before, out: Checked) {
  const { asOf } = input;
  const { faults, items } = out;
  const newOrganizations: NewOrganization[] = [];
  const created: NewSignatureStub[] = [];
  let nextPosition = state.maxPosition;
  for (const add of input.add) {
    const existing = add.organizationId;
    if (existing !== null) {
      const on = onListAt(before.timeline(existing), asOf);
      if (on) {
        faults.push({
          field: `${add.field}.organizationId`,
          detail: `is already on the list as of ${asOf}, as signature ${on.signatureId} (position ${before.positionOf(on.signatureId)})`,
        });
        continue;
      }
    }
    const organizationId = existing ?? newId('org');
    if (existing === null && add.organization) newOrganizations.push({ ...add.organization, id: organizationId });
    // A backdated addition of an organization that joins later anyway is the same signature,
    // found earlier: it keeps its position, and the later addition becomes redundant.
    const later =
      existing === null ? undefined : nextEffectiveAfter(before.itemsOf(existing), before.timeline(existing), asOf);
    const reused = later?.kind === 'add' ? state.signatures.get(later.signatureId) : undefined;
    const signatureId = reused?.id ?? newId('sig');
    const position = reused?.position ?? ++nextPosition;
    if (!reused)
      created.push({
        id: signatureId,
        organizationId,
        position,
        signedOn: add.signedOn,
        note: add.note,
        printedAs: add.printedAs,
        printedNumber: add.printedNumber,
      });
    items.push({
      kind: 'add',
      signatureId,
      organizationId,
      position,
      printedAs: add.printedAs,
      printedNumber: add.printedNumber,
      reason: null,
    });
  }
  return { newOrganizations, created };
}

/** Withdrawals: of an organization on the list at the event's date. */
function withdrawItems(input: ResolvedEvent, before: Before, { faults, items }: Checked) {
  const { asOf } = input;
  for (const w of input.withdraw) {
    const on = onListAt(before.timeline(w.organizationId), asOf);
    if (!on)
      faults.push({ field: w.field, detail: `organization ${w.organizationId} is not on the list as of ${asOf}` });
    else if (w.signatureId !== null && w.signatureId !== on.signatureId) {
      faults.push({
        field: `${w.field}.signatureId`,
        detail: `is not on the list as of ${asOf}; the organization is, as signature ${on.signatureId}`,
      });
    } else
      items.push({
        kind: 'withdraw',
        signatureId: on.signatureId,
        organizationId: w.organizationId,
        position: before.positionOf(on.signatureId),
        printedAs: null,
        printedNumber: null,
        reason: w.reason,
      });
  }
}

/** Retractions: of signatures not retracted already. */
function retractItems(input: ResolvedEvent, before: Before, { faults, items }: Checked) {
  for (const r of input.retract) {
    if (r.signatureIds.length === 0)
      faults.push({
        field: r.field,
        detail: `organization ${r.organizationId} has no signature on this statement left to retract`,
      });
    for (const signatureId of r.signatureIds) {
      if (before.retracted.has(signatureId))
        faults.push({ field: r.field, detail: `signature ${signatureId} is already retracted` });
      else
        items.push({
          kind: 'retract',
          signatureId,
          organizationId: r.organizationId,
          position: before.positionOf(signatureId),
          printedAs: null,
          printedNumber: null,
          reason: r.reason,
        });
    }
  }
}

/** The event's items; refuses them all if one contradicts the record. */
export function checkItems(state: TimelineState, input: ResolvedEvent, newId: NewId, before: Before) {
  const checked: Checked = { faults: [], items: [] };
  const { newOrganizations, created } = addItems(state, input, newId, before, checked);
  withdrawItems(input, before, checked);
  retractItems(input, before, checked);
  const { faults, items } = checked;
  const { asOf } = input;
  if (faults.length) {
    throw conflict(
      'signatory-conflict',
      `The event contradicts the record as known now: ${faults.map((f) => `${f.field} ${f.detail}`).join('; ')}.`,
      faults,
      { asOf },
    );
  }
  return { items, newOrganizations, created };
}

/** The first item after `asOf` (in valid-time order) that changed the organization's place on the list. */
function nextEffectiveAfter(
  items: readonly RecordedItem[],
  timeline: OrganizationTimeline<RecordedItem>,
  asOf: string,
): RecordedItem | undefined {
  return [...items]
    .sort(validOrder)
    .find((i) => i.asOf > asOf && i.kind !== 'retract' && timeline.effective.has(itemKey(i)));
}
