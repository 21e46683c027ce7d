import type { RecordedItem, TimelineState } from './state.js';
import { byOrganization, organizationTimeline, retractedIn, type OrganizationTimeline } from './replay.js';

/** The record around an event being planned: before it (replayed lazily), and after it (replayed with its items). */

/** The record before the event, each organization's timeline replayed once, when first asked for. */
export function recordBefore(state: TimelineState) {
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

export type Before = ReturnType<typeof recordBefore>;

/** Each touched organization's items and timeline with the event's items added. */
export type After = Map<string, { own: RecordedItem[]; timeline: OrganizationTimeline<RecordedItem> }>;
