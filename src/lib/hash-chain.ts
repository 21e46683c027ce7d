import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** SHA-256 (hex) over the RFC 8785 canonical JSON, so any implementation can re-derive it. */
export function canonicalHash(content: unknown): string {
  const canonical = canonicalize(content);
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
}

/**
 * Format 1 (events written before corrections existed) hashed its additions and withdrawals as two
 * lists; format 2 hashes one items list and says its format. Both stay verifiable forever.
 */
export function hashEvent(content: EventContent): string {
  const { format, items, ...common } = content;
  if (format === 1) {
    return canonicalHash({
      ...common,
      added: items.filter((i) => i.kind === 'add').map((i) => ({ signatureId: i.signatureId, organizationId: i.organizationId, position: i.position, printedAs: i.printedAs })),
      withdrawn: items.filter((i) => i.kind === 'withdraw').map((i) => ({ signatureId: i.signatureId, organizationId: i.organizationId, position: i.position, reason: i.reason })),
    });
  }
  return canonicalHash({ ...common, format, items });
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
