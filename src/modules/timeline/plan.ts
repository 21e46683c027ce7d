import type { ChangeNote } from '../../db/schema.js';
import { conflict, invalid, type FieldFault } from '../../lib/domain-error.js';
import { hashEvent, type EventContent, type EventItem } from '../../lib/hash-chain.js';
import type { OrganizationInput } from '../organizations/schemas.js';
import {
  byOrganization,
  itemKey,
  onListAt,
  organizationTimeline,
  retractedIn,
  spanKey,
  spansOf,
  standingOf,
  validOrder,
  type OrganizationTimeline,
} from './replay.js';
import type { RedundantItem } from './schemas.js';
import { END_OF_TIME } from '../../lib/bitemporal.js';
import type { ResolvedEvent } from './check-event.js';
import type { RecordedItem, SignatureRow, SpanRow, TimelineState } from './state.js';

/**
 * The plan step of an append, pure: from what the statement holds and the resolved event, decide
 * everything the write will do, or refuse. A dry run stops here, so it says exactly what a real
 * run would do.
 */

export interface PlanContext {
  actor: string;
  now: string;
  /** Today, UTC (YYYY-MM-DD): events may be dated up to the day after. */
  today: string;
  newId: (prefix: 'org' | 'sig') => string;
}

export type NewSignature = Omit<SignatureRow, 'seq'>;
type NewSignatureStub = Pick<
  SignatureRow,
  'id' | 'organizationId' | 'position' | 'signedOn' | 'note' | 'printedAs' | 'printedNumber'
>;
export type StandingChange = Pick<
  SignatureRow,
  'id' | 'revision' | 'status' | 'addedAsOf' | 'withdrawnAsOf' | 'withdrawal' | 'retraction' | 'updatedAt'
>;

export interface EventPlan {
  event: EventContent & { hash: string };
  /** The latest list's size after it (derived, stored with the event, not hashed). */
  latestTotal: number;
  newOrganizations: (OrganizationInput & { id: string })[];
  newSignatures: NewSignature[];
  changedSignatures: StandingChange[];
  closeSpans: SpanRow[];
  openSpans: Omit<SpanRow, 'knownTo'>[];
  redundantLater: RedundantItem[];
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function planEvent(state: TimelineState, input: ResolvedEvent, ctx: PlanContext): EventPlan {
  const asOf = input.asOf;
  if (asOf > dayAfter(ctx.today)) {
    throw invalid(
      'as-of-in-future',
      `asOf ${asOf} is in the future: an event may be dated up to ${dayAfter(ctx.today)} (tomorrow, UTC).`,
      [{ field: 'asOf', detail: `is after ${dayAfter(ctx.today)}` }],
    );
  }
  const seq = (state.last?.seq ?? 0) + 1;
  // Transaction time never goes back, even if the wall clock does.
  const recordedAt = state.last && state.last.recordedAt > ctx.now ? state.last.recordedAt : ctx.now;
  const before = recordBefore(state);
  const { items, newOrganizations, created } = checkItems(state, input, ctx, before);

  // Replay the touched organizations with the new items, and compare.
  const added: RecordedItem[] = items.map((item, ord) => ({
    ...item,
    seq,
    ord,
    asOf,
    recordedAt,
    recordedBy: ctx.actor,
  }));
  const allItems = [...state.items, ...added];
  const retractedAfter = retractedIn(allItems);
  const after: After = new Map(
    [...byOrganization(allItems, before.touched())].map(([orgId, own]) => [
      orgId,
      { own, timeline: organizationTimeline(own, retractedAfter) },
    ]),
  );
  const redundantLater = redundantItems(state, before, after, retractedAfter);
  const { closeSpans, openSpans, total, latestTotal } = respan(state, before, after, created, seq, asOf);

  const { newSignatures, changedSignatures } = standings(state, created, after, recordedAt);
  const content: EventContent = {
    statementId: state.statementId,
    seq,
    asOf,
    recordedAt,
    recordedBy: ctx.actor,
    source: input.source,
    note: input.note,
    total,
    prevHash: state.last?.hash ?? null,
    format: 2,
    items,
    document: input.document,
  };
  return {
    event: { ...content, hash: hashEvent(content) },
    latestTotal,
    newOrganizations,
    newSignatures,
    changedSignatures,
    closeSpans,
    openSpans,
    redundantLater,
  };
}

type After = Map<string, { own: RecordedItem[]; timeline: OrganizationTimeline<RecordedItem> }>;

/** The record before the event, each organization's timeline replayed once, when first asked for. */
function recordBefore(state: TimelineState) {
  const retracted = retractedIn(state.items);
  const itemsByOrg = byOrganization(state.items);
  const timelines = new Map<string, OrganizationTimeline<RecordedItem>>();
  return {
    retracted,
    itemsOf: (orgId: string) => itemsByOrg.get(orgId) ?? [],
    timeline: (orgId: string) => {
      let t = timelines.get(orgId);
      if (!t) timelines.set(orgId, (t = organizationTimeline(itemsByOrg.get(orgId) ?? [], retracted)));
      return t;
    },
    /** The organizations whose timeline was asked for: those the event touches. */
    touched: () => timelines.keys(),
    positionOf: (signatureId: string) => state.signatures.get(signatureId)?.position ?? 0,
  };
}

type Before = ReturnType<typeof recordBefore>;

/** The event's items, each checked against the list at its date as known now; refuses them all if one contradicts it. */
function checkItems(state: TimelineState, input: ResolvedEvent, ctx: PlanContext, before: Before) {
  const { asOf } = input;
  const faults: FieldFault[] = [];
  const items: EventItem[] = [];
  const newOrganizations: EventPlan['newOrganizations'] = [];
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
    const organizationId = existing ?? ctx.newId('org');
    if (existing === null && add.organization) newOrganizations.push({ ...add.organization, id: organizationId });
    // A backdated addition of an organization that joins later anyway is the same signature,
    // found earlier: it keeps its position, and the later addition becomes redundant.
    const later =
      existing === null ? undefined : nextEffectiveAfter(before.itemsOf(existing), before.timeline(existing), asOf);
    const reused = later?.kind === 'add' ? state.signatures.get(later.signatureId) : undefined;
    const signatureId = reused?.id ?? ctx.newId('sig');
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

/**
 * Items that changed the list before and change nothing now; a retracted signature's items are
 * struck from the record's effect altogether, which is not the same as redundant.
 */
function redundantItems(
  state: TimelineState,
  before: Before,
  after: After,
  retractedAfter: ReadonlySet<string>,
): RedundantItem[] {
  const redundant: RedundantItem[] = [];
  for (const item of state.items) {
    if (item.kind === 'retract' || retractedAfter.has(item.signatureId)) continue;
    const wasEffective = before.timeline(item.organizationId).effective.has(itemKey(item));
    if (wasEffective && !after.get(item.organizationId)?.timeline.effective.has(itemKey(item))) {
      redundant.push({
        seq: item.seq,
        kind: item.kind,
        organizationId: item.organizationId,
        signatureId: item.signatureId,
      });
    }
  }
  return redundant;
}

/** The spans the event closes and opens, and the list's size at its date and at the latest. */
function respan(
  state: TimelineState,
  before: Before,
  after: After,
  created: NewSignatureStub[],
  seq: number,
  asOf: string,
) {
  const closeSpans: SpanRow[] = [];
  const openSpans: EventPlan['openSpans'] = [];
  let total = state.totalAtAsOf;
  let latestTotal = state.latestTotal;
  const storedByOrg = groupBy(state.openSpans, (s) => s.organizationId);
  const createdPositions = new Map(created.map((c) => [c.id, c.position]));
  for (const [orgId, { timeline }] of after) {
    const stored = storedByOrg.get(orgId) ?? [];
    const next = spansOf(timeline);
    const nextKeys = new Set(next.map(spanKey));
    const storedKeys = new Set(stored.map(spanKey));
    closeSpans.push(...stored.filter((s) => !nextKeys.has(spanKey(s))));
    for (const span of next.filter((s) => !storedKeys.has(spanKey(s)))) {
      const position = before.positionOf(span.signatureId) || (createdPositions.get(span.signatureId) ?? 0);
      openSpans.push({ statementId: state.statementId, ...span, position, knownFrom: seq });
    }
    total += (onListAt(timeline, asOf) ? 1 : 0) - (onListAt(before.timeline(orgId), asOf) ? 1 : 0);
    latestTotal += (onListAt(timeline, END_OF_TIME) ? 1 : 0) - (onListAt(before.timeline(orgId), END_OF_TIME) ? 1 : 0);
  }
  return { closeSpans, openSpans, total, latestTotal };
}

function groupBy<T>(list: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const key = keyOf(item);
    const group = out.get(key);
    if (group) group.push(item);
    else out.set(key, [item]);
  }
  return out;
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
function standings(
  state: TimelineState,
  created: NewSignatureStub[],
  after: Map<string, { own: RecordedItem[]; timeline: OrganizationTimeline<RecordedItem> }>,
  recordedAt: string,
) {
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
