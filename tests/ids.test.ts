import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.js';

describe('ids', () => {
  it('keep their form: a type prefix and 16 base64url characters', () => {
    for (const prefix of ['org', 'stm', 'sig', 'key'])
      expect(newId(prefix)).toMatch(new RegExp(`^${prefix}_[A-Za-z0-9_-]{16}$`));
  });

  it('sort as their creation times do, byte for byte as SQLite compares text', () => {
    const ms = fc.integer({ min: 0, max: 2 ** 48 - 1 });
    fc.assert(
      fc.property(ms, ms, (a, b) => {
        fc.pre(a !== b);
        const [early, late] = a < b ? [a, b] : [b, a];
        expect(Buffer.compare(Buffer.from(newId('org', early)), Buffer.from(newId('org', late)))).toBe(-1);
      }),
      { numRuns: 2_000 },
    );
  });

  it('differ when made in the same millisecond', () => {
    const now = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newId('sig', now));
    expect(new Set(ids).size).toBe(ids.length);
    // The time part is shared; the random part is not.
    expect(new Set(ids.map((id) => id.slice(0, 12))).size).toBe(1);
  });
});
