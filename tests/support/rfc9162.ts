// An independent RFC 9162 implementation for the tests, written from the RFC's text and sharing no
// code with src/lib/merkle.ts: the tree hash of a whole list of leaves (§2.1.1), and the verifiers
// of inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs, on bytes, with bigint counters.
import { createHash } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export const hashLeaf = (data: Uint8Array) => hex(sha256(LEAF, data));
const hashChildren = (l: string, r: string) => hex(sha256(NODE, bytes(l), bytes(r)));

/** MTH(D[n]) over leaf hashes, straight from the definition. */
export function treeHash(leafHashes: readonly string[]): string {
  if (leafHashes.length === 0) return hex(sha256());
  if (leafHashes.length === 1) return leafHashes[0] ?? '';
  let k = 1;
  while (k << 1 < leafHashes.length) k <<= 1;
  return hashChildren(treeHash(leafHashes.slice(0, k)), treeHash(leafHashes.slice(k)));
}

const lsb = (n: bigint) => (n & 1n) === 1n;

export function verifyInclusionRfc(
  leafIndex: number,
  treeSize: number,
  leaf: string,
  path: readonly string[],
  root: string,
): boolean {
  if (leafIndex >= treeSize) return false;
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return false;
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!lsb(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r === root;
}

export function verifyConsistencyRfc(
  first: number,
  second: number,
  firstHash: string,
  secondHash: string,
  path: readonly string[],
): boolean {
  if (first > second) return false;
  if (first === second) return path.length === 0 && firstHash === secondHash;
  if (first === 0) return path.length === 0;
  if (path.length === 0) return false;
  const proof = (first & (first - 1)) === 0 ? [firstHash, ...path] : [...path];
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  while (lsb(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = proof[0] ?? '';
  let sr = fr;
  for (const c of proof.slice(1)) {
    if (sn === 0n) return false;
    if (lsb(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!lsb(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return fr === firstHash && sr === secondHash && sn === 0n;
}
