import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** SHA-256 (hex) over the RFC 8785 canonical JSON, so any implementation can re-derive it. */
export function canonicalHash(content: unknown): string {
  const canonical = canonicalJson(content);
  if (canonical === undefined) throw new Error('content is not serializable');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ItemKind = 'add' | 'withdraw' | 'retract';

/** One line of an event: who joined, left, or was struck from the record. */
export interface EventItem {
  kind: ItemKind;
  signatureId: string;
  organizationId: string;
  position: number;
  printedAs: string | null;
  printedNumber: number | null;
  reason: string | null;
}

/** What an event's hash covers: its whole content and the hash of the event before it. */
export interface EventContent {
  statementId: string;
  seq: number;
  asOf: string;
  recordedAt: string;
  recordedBy: string;
  source: string | null;
  note: string | null;
  total: number;
  prevHash: string | null;
  format: number;
  items: EventItem[];
  /** The SHA-256 of the document the list came from; null for events recorded by hand. */
  document: string | null;
}

/**
 * Format 1 (events written before corrections existed) hashed its additions and withdrawals as two
 * lists; format 2 hashes one items list and says its format, and the document the list came from
 * when there is one (a member that is absent, not null, otherwise: events from before documents
 * were kept hash as they always did). Both stay verifiable forever.
 */
export function hashEvent(content: EventContent): string {
  const { format, items, document, ...common } = content;
  if (format === 1) {
    return canonicalHash({
      ...common,
      added: items
        .filter((i) => i.kind === 'add')
        .map((i) => ({
          signatureId: i.signatureId,
          organizationId: i.organizationId,
          position: i.position,
          printedAs: i.printedAs,
        })),
      withdrawn: items
        .filter((i) => i.kind === 'withdraw')
        .map((i) => ({
          signatureId: i.signatureId,
          organizationId: i.organizationId,
          position: i.position,
          reason: i.reason,
        })),
    });
  }
  return canonicalHash({ ...common, format, items, ...(document ? { document } : {}) });
}

/**
 * What a format-1 event's items say that its hash does not cover, one fault each: retractions,
 * printed numbers, an addition's reason, a withdrawal's printed name, and an addition after a
 * withdrawal (the hash keeps the two lists, not their order). 0.1.0 wrote none of these; found
 * in one, they were put there since, unproven.
 */
export function uncoveredByFormat1(items: readonly EventItem[]): { signatureId: string; detail: string }[] {
  const faults: { signatureId: string; detail: string }[] = [];
  let withdrawing = false;
  for (const [i, item] of items.entries()) {
    const fault = (what: string) =>
      faults.push({
        signatureId: item.signatureId,
        detail: `item ${i + 1} (${item.kind}) ${what}, which the format-1 hash does not cover`,
      });
    if (item.kind === 'retract') fault('is a retraction');
    if (item.printedNumber !== null) fault('has a printed number');
    if (item.kind === 'add' && item.reason !== null) fault('has a reason');
    if (item.kind === 'withdraw' && item.printedAs !== null) fault('has a printed name');
    if (item.kind === 'add' && withdrawing) fault('follows a withdrawal');
    withdrawing ||= item.kind === 'withdraw';
  }
  return faults;
}

/** What a revision's hash covers: the whole revision and the hash of the one before it. */
export interface RevisionContent {
  resource: string;
  resourceId: string;
  revision: number;
  action: string;
  recordedAt: string;
  recordedBy: string;
  state: unknown;
  prevHash: string | null;
}

export const hashRevision = (content: RevisionContent) => canonicalHash(content);
