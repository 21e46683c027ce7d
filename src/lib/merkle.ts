import { createHash } from 'node:crypto';

/**
 * Merkle tree hashing and proofs as RFC 9162 (Certificate Transparency 2.0) §2.1 defines them:
 * SHA-256, leaves prefixed 0x00, interior nodes 0x01, the tree split at the largest power of two
 * below its size. Hashes are lowercase hex, as everywhere else in the record. Proofs are built
 * from the hashes of complete, aligned subtrees (`SubtreeHash`), which the log stores; verifying
 * needs nothing but the proof.
 */

export const EMPTY_ROOT = createHash('sha256').digest('hex');

export function leafHash(data: string | Uint8Array): string {
  return createHash('sha256').update(Uint8Array.of(0)).update(data).digest('hex');
}

export function nodeHash(left: string, right: string): string {
  return createHash('sha256')
    .update(Uint8Array.of(1))
    .update(Buffer.from(left, 'hex'))
    .update(Buffer.from(right, 'hex'))
    .digest('hex');
}

/** The hash of the complete subtree of 2^level leaves starting at leaf index × 2^level. */
export type SubtreeHash = (level: number, index: number) => string;

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** MTH of the leaves [start, end): a stored subtree when complete and aligned, else its two halves. */
export function rangeHash(start: number, end: number, subtree: SubtreeHash): string {
  const n = end - start;
  if (isPowerOfTwo(n) && start % n === 0) return subtree(Math.log2(n), start / n);
  const k = split(n);
  return nodeHash(rangeHash(start, start + k, subtree), rangeHash(start + k, end, subtree));
}

export function rootOf(size: number, subtree: SubtreeHash): string {
  return size === 0 ? EMPTY_ROOT : rangeHash(0, size, subtree);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the audit path of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(index: number, size: number, subtree: SubtreeHash): string[] {
  const path = (m: number, start: number, end: number): string[] => {
    if (end - start <= 1) return [];
    const k = split(end - start);
    return m < k
      ? [...path(m, start, start + k), rangeHash(start + k, end, subtree)]
      : [...path(m - k, start + k, end), rangeHash(start, start + k, subtree)];
  };
  if (index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  return path(index, 0, size);
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): that the tree of `from` leaves is a prefix of the tree of `to`. */
export function consistencyProof(from: number, to: number, subtree: SubtreeHash): string[] {
  const subproof = (m: number, start: number, end: number, whole: boolean): string[] => {
    const n = end - start;
    if (m === n) return whole ? [] : [rangeHash(start, end, subtree)];
    const k = split(n);
    return m <= k
      ? [...subproof(m, start, start + k, whole), rangeHash(start + k, end, subtree)]
      : [...subproof(m - k, start + k, end, false), rangeHash(start, start + k, subtree)];
  };
  if (from < 0 || from > to) throw new RangeError(`a tree of ${from} cannot be a prefix of a tree of ${to}`);
  return from === 0 || from === to ? [] : subproof(from, 0, to, true);
}

/** RFC 9162 §2.1.3.2: does `path` prove that `leaf` is leaf `index` of the tree of `size` with `root`? */
export function verifyInclusion(
  leaf: string,
  index: number,
  size: number,
  path: readonly string[],
  root: string,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}

/** RFC 9162 §2.1.4.2: does `path` prove that the tree (`from`, `fromRoot`) is a prefix of (`to`, `toRoot`)? */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: string,
  toRoot: string,
  path: readonly string[],
): boolean {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) return false;
  if (from === to) return path.length === 0 && fromRoot === toRoot;
  if (from === 0) return path.length === 0;
  if (path.length === 0) return false;
  const proof = isPowerOfTwo(from) ? [fromRoot, ...path] : [...path];
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = proof[0] ?? '';
  let sr = fr;
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr === fromRoot && sr === toRoot && sn === 0;
}

/**
 * The hashes a new leaf completes: the leaf's own, then each subtree it closes (levels 1, 2, …),
 * given the left siblings on its way up (level 0 first). This is what the log stores per entry.
 */
export function hashesCompletedBy(leaf: string, leftSiblings: readonly string[]): string[] {
  const out = [leaf];
  let current = leaf;
  for (const sibling of leftSiblings) out.push((current = nodeHash(sibling, current)));
  return out;
}
