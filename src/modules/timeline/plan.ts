import { invalid } from '../../lib/domain-error.js';
import { hashEvent, type EventContent } from '../../lib/hash-chain.js';
import { byOrganization, itemKey, onListAt, organizationTimeline, retractedIn, spanKey, spansOf } from './replay.js';
import type { RedundantItem } from './schemas.js';
import { END_OF_TIME } from '../../lib/bitemporal.js';
import type { ResolvedEvent } from './check-event.js';
import { checkItems, type NewOrganization, type NewSignatureStub } from './event-items.js';
import { recordBefore, type After, type Before } from './record-before.js';
import { standings, type NewSignature, type StandingChange } from './signature-heads.js';
import type { RecordedItem, SpanRow, TimelineState } from './state.js';

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

export interface EventPlan {
  event: EventContent & { hash: string };
  /** The latest list's size after it (derived, stored with the event, not hashed). */
  latestTotal: number;
  newOrganizations: NewOrganization[];
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
  const { items, newOrganizations, created } = checkItems(state, input, ctx.newId, before);

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
