import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

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
  added: { signatureId: string; organizationId: string; position: number; printedAs: string | null }[];
  withdrawn: { signatureId: string; organizationId: string; position: number; reason: string | null }[];
}

/** SHA-256 over the RFC 8785 canonical JSON, so any implementation can re-derive it. */
export function hashEvent(content: EventContent): string {
  const canonical = canonicalize(content);
  if (canonical === undefined) throw new Error('event content is not serializable');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
