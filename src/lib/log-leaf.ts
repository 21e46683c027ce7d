import { canonicalJson } from './canonical-json.js';
import { hashesCompletedBy, leafHash } from './merkle.js';

/**
 * What a leaf of the log says about its record, and its bytes: RFC 8785 canonical JSON of
 * {kind, subject, number, hash}, hashed as RFC 9162 hashes a leaf. Anyone can re-derive it from
 * the record (an event, revision, merge or key rotation) and its own hash.
 */
export interface LeafRecord {
  /** event | organization | statement | signature | merge | key-rotation */
  kind: string;
  /** The statement (event), the resource (revision), the merged organization (merge), the new key (key-rotation). */
  subject: string;
  /** The event's seq, the revision number, the merge's or rotation's seq. */
  number: number;
  /** The record's own hash. */
  hash: string;
}

export function leafData(record: LeafRecord): string {
  const text = canonicalJson({ kind: record.kind, subject: record.subject, number: record.number, hash: record.hash });
  if (text === undefined) throw new Error('a leaf is always serializable');
  return text;
}

export const recordLeafHash = (record: LeafRecord) => leafHash(leafData(record));

/**
 * The SQL function the log's trigger calls (migrations/0018): the leaf hash, then each subtree
 * it completes, from the left siblings the trigger read (null past the last one), as one string
 * of 64-hex-character hashes.
 */
export function logHashes(
  kind: unknown,
  subject: unknown,
  number: unknown,
  hash: unknown,
  ...siblings: unknown[]
): string {
  if (
    typeof kind !== 'string' ||
    typeof subject !== 'string' ||
    typeof number !== 'number' ||
    typeof hash !== 'string'
  ) {
    throw new TypeError('log_hashes(kind, subject, number, hash, …siblings) takes text, text, integer, text');
  }
  const left: string[] = [];
  for (const sibling of siblings) {
    if (typeof sibling !== 'string') break;
    left.push(sibling);
  }
  return hashesCompletedBy(recordLeafHash({ kind, subject, number, hash }), left).join('');
}
