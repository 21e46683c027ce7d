// src/lib/merkle.ts against the RFC 6962/9162 test vectors of transparency-dev/merkle (the Go
// implementation Certificate Transparency and the Go checksum database use), and against the
// independent implementation in tests/support/rfc9162.ts for random trees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  type SubtreeHash,
} from '../src/lib/merkle.js';
import { hashLeaf, treeHash, verifyConsistencyRfc, verifyInclusionRfc } from './support/rfc9162.js';

const INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  (h) => Buffer.from(h, 'hex'),
);
const ROOTS = [
  EMPTY_ROOT,
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// (leaf index, tree size, path), from proof/verify_test.go (whose leaf numbers are 1-based).
const INCLUSION: [number, number, string[]][] = [
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CONSISTENCY: [number, number, string[]][] = [
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

/** Complete subtrees of an in-memory list of leaf hashes, as the log's table gives them. */
const subtreesOf =
  (leaves: readonly string[]): SubtreeHash =>
  (level, index) =>
    treeHash(leaves.slice(index << level, (index + 1) << level));

const vectorLeaves = INPUTS.map((b) => leafHash(b));

describe('RFC 9162 hashing and proofs', () => {
  it('gives the reference roots for trees of 0 to 8 leaves', () => {
    expect(vectorLeaves.map((h, i) => h === hashLeaf(INPUTS[i] ?? Buffer.alloc(0)))).not.toContain(false);
    for (const [size, root] of ROOTS.entries())
      expect(rootOf(size, subtreesOf(vectorLeaves)), `size ${size}`).toBe(root);
  });

  it('builds and verifies the reference inclusion and consistency proofs', () => {
    for (const [index, size, path] of INCLUSION) {
      expect(inclusionProof(index, size, subtreesOf(vectorLeaves))).toEqual(path);
      expect(verifyInclusion(vectorLeaves[index] ?? '', index, size, path, ROOTS[size] ?? '')).toBe(true);
    }
    for (const [from, to, path] of CONSISTENCY) {
      expect(consistencyProof(from, to, subtreesOf(vectorLeaves))).toEqual(path);
      expect(verifyConsistency(from, to, ROOTS[from] ?? '', ROOTS[to] ?? '', path)).toBe(true);
    }
  });

  it('refuses every mutation of a valid proof: index, size, root, a flipped bit, a dropped or added hash', () => {
    const flip = (h: string) => (parseInt(h[0] ?? '0', 16) ^ 8).toString(16) + h.slice(1);
    for (const [index, size, path] of INCLUSION) {
      const leaf = vectorLeaves[index] ?? '';
      const root = ROOTS[size] ?? '';
      const bad: [number, number, string, string[]][] = [
        [index + 1, size, root, path],
        [index, size * 2, root, path],
        [index, size, EMPTY_ROOT, path],
        [index, size, root, [...path, root]],
        [index, size, root, [root, ...path]],
        [index, size, root, path.slice(1)],
        ...path.map((_, i): [number, number, string, string[]] => [
          index,
          size,
          root,
          path.map((p, j) => (j === i ? flip(p) : p)),
        ]),
      ];
      for (const [i, s, r, p] of bad) expect(verifyInclusion(leaf, i, s, p, r), `${i}/${s}`).toBe(false);
    }
    for (const [from, to, path] of CONSISTENCY) {
      const [a, b] = [ROOTS[from] ?? '', ROOTS[to] ?? ''];
      const bad: [number, number, string, string, string[]][] = [
        [from + 1, to, a, b, path],
        [from, to, b, a, path],
        [from, to, a, b, []],
        [from, to, a, b, [...path, b]],
        [from, to, a, b, path.slice(0, -1)],
        ...path.map((_, i): [number, number, string, string, string[]] => [
          from,
          to,
          a,
          b,
          path.map((p, j) => (j === i ? flip(p) : p)),
        ]),
      ];
      for (const [f, t, ra, rb, p] of bad) expect(verifyConsistency(f, t, ra, rb, p), `${f}->${t}`).toBe(false);
    }
  });

  it('agrees with the independent implementation on random trees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), (size, a, b) => {
        const leaves = Array.from({ length: size }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`)));
        const subtrees = subtreesOf(leaves);
        const root = treeHash(leaves);
        expect(rootOf(size, subtrees)).toBe(root);
        const index = a % size;
        expect(verifyInclusionRfc(index, size, leaves[index] ?? '', inclusionProof(index, size, subtrees), root)).toBe(
          true,
        );
        const from = b % (size + 1);
        const fromRoot = treeHash(leaves.slice(0, from));
        expect(verifyConsistencyRfc(from, size, fromRoot, root, consistencyProof(from, size, subtrees))).toBe(true);
        // A different leaf at the end breaks consistency from any earlier complete prefix.
        if (from > 0 && from < size) {
          const forked = [...leaves.slice(0, -1), hashLeaf(Buffer.from('forged'))];
          expect(
            verifyConsistency(from, size, fromRoot, treeHash(forked), consistencyProof(from, size, subtrees)),
          ).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
