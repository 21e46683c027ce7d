import type { ItemKind } from '../../lib/hash-chain.js';

/**
 * The timeline's semantics, pure: no database. The list as of date D, as known after event k, is
 * what you get by applying, in order of (asOf, seq), every item of events 1..k dated on or before
 * D: `add` puts an organization on the list, `withdraw` takes it off, an item that changes nothing
 * is redundant. A retracted signature's items are ignored altogether ("it never signed").
 *
 * Appends, reads (through the spans derived here) and verify all rest on these few functions.
 */

/** One item of one event, with the event's date. */
export interface ReplayItem {
  seq: number;
  ord: number;
  asOf: string;
  kind: ItemKind;
  signatureId: string;
  organizationId: string;
  /** How the list that added it printed the entry (additions only). */
  printedAs?: string | null;
  printedNumber?: number | null;
}

/** Signature S was on the list for valid time [from, to); `to` null: still on it. */
export interface Interval<T extends ReplayItem = ReplayItem> {
  signatureId: string;
  organizationId: string;
  from: string;
  to: string | null;
  openedBy: T;
  closedBy: T | null;
}

export interface OrganizationTimeline<T extends ReplayItem = ReplayItem> {
  intervals: Interval<T>[];
  /** Keys (itemKey) of the add and withdraw items that changed the list. */
  effective: Set<string>;
}

export const itemKey = (item: Pick<ReplayItem, 'seq' | 'ord'>) => `${item.seq}:${item.ord}`;

/** Valid-time order: by as-of date, then in the order the events were recorded. */
export function validOrder(a: ReplayItem, b: ReplayItem): number {
  if (a.asOf !== b.asOf) return a.asOf < b.asOf ? -1 : 1;
  return a.seq - b.seq || a.ord - b.ord;
}

/** Signatures retracted by any of these items. */
export const retractedIn = (items: readonly ReplayItem[]) =>
  new Set(items.filter((i) => i.kind === 'retract').map((i) => i.signatureId));

/**
 * One organization's time on one list, from its items (any order). Retraction items take no part:
 * they only remove the retracted signature's own items.
 */
export function organizationTimeline<T extends ReplayItem>(
  items: readonly T[],
  retracted: ReadonlySet<string>,
): OrganizationTimeline<T> {
  const intervals: Interval<T>[] = [];
  const effective = new Set<string>();
  let on: { item: T } | null = null;
  for (const item of items.filter((i) => i.kind !== 'retract' && !retracted.has(i.signatureId)).sort(validOrder)) {
    if (item.kind === 'add' && on === null) {
      on = { item };
      effective.add(itemKey(item));
    } else if (item.kind === 'withdraw' && on !== null) {
      intervals.push({
        signatureId: on.item.signatureId,
        organizationId: item.organizationId,
        from: on.item.asOf,
        to: item.asOf,
        openedBy: on.item,
        closedBy: item,
      });
      on = null;
      effective.add(itemKey(item));
    }
  }
  if (on)
    intervals.push({
      signatureId: on.item.signatureId,
      organizationId: on.item.organizationId,
      from: on.item.asOf,
      to: null,
      openedBy: on.item,
      closedBy: null,
    });
  return { intervals, effective };
}

/** Is the organization on the list as of `date`, and as which signature? */
export function onListAt<T extends ReplayItem>(timeline: OrganizationTimeline<T>, date: string): Interval<T> | null {
  return timeline.intervals.find((i) => i.from <= date && (i.to === null || i.to > date)) ?? null;
}

/** A visible stretch of a signature on the list; an interval that opens and closes on one date shows nowhere. */
export interface Span {
  signatureId: string;
  organizationId: string;
  validFrom: string;
  validTo: string | null;
  /** As printed by the list whose addition began this stretch. */
  printedAs: string | null;
  printedNumber: number | null;
}

export const spanKey = (s: Pick<Span, 'signatureId' | 'validFrom' | 'validTo'>) =>
  `${s.signatureId}|${s.validFrom}|${s.validTo ?? ''}`;

export function spansOf<T extends ReplayItem>(timeline: OrganizationTimeline<T>): Span[] {
  return timeline.intervals
    .filter((i) => i.to === null || i.from < i.to)
    .map((i) => ({
      signatureId: i.signatureId,
      organizationId: i.organizationId,
      validFrom: i.from,
      validTo: i.to,
      printedAs: i.openedBy.printedAs ?? null,
      printedNumber: i.openedBy.printedNumber ?? null,
    }));
}

/** Groups items by organization, keeping every organization named in `also` even without items. */
export function byOrganization<T extends ReplayItem>(
  items: readonly T[],
  also: Iterable<string> = [],
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const id of also) out.set(id, []);
  for (const item of items) {
    const own = out.get(item.organizationId);
    if (own) own.push(item);
    else out.set(item.organizationId, [item]);
  }
  return out;
}

/** What a signature's head says, as known after the items given: derived, never edited by hand. */
export interface SignatureStanding<T extends ReplayItem = ReplayItem> {
  status: 'active' | 'withdrawn' | 'retracted';
  addedAsOf: string;
  withdrawnAsOf: string | null;
  /** The item that closed its last stretch on the list, if it is off the list. */
  withdrawnBy: T | null;
  retractedBy: T | null;
}

export function standingOf<T extends ReplayItem>(
  signatureId: string,
  items: readonly T[],
  timeline: OrganizationTimeline<T>,
): SignatureStanding<T> {
  const own = items.filter((i) => i.signatureId === signatureId).sort(validOrder);
  const firstAdd = own.find((i) => i.kind === 'add');
  const retractedBy = own.find((i) => i.kind === 'retract') ?? null;
  const intervals = timeline.intervals.filter((i) => i.signatureId === signatureId);
  const addedAsOf = intervals[0]?.from ?? firstAdd?.asOf ?? '';
  if (retractedBy)
    return {
      status: 'retracted',
      addedAsOf: firstAdd?.asOf ?? addedAsOf,
      withdrawnAsOf: null,
      withdrawnBy: null,
      retractedBy,
    };
  const last = intervals.at(-1);
  if (last && last.to === null)
    return { status: 'active', addedAsOf, withdrawnAsOf: null, withdrawnBy: null, retractedBy: null };
  // Off the list: withdrawn by the item that closed its last stretch (or, if every add of it was
  // made redundant by a correction, it never reached the list after its first date).
  return {
    status: 'withdrawn',
    addedAsOf,
    withdrawnAsOf: last?.to ?? addedAsOf,
    withdrawnBy: last?.closedBy ?? null,
    retractedBy: null,
  };
}
