import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/lib/canonical-json.js';

/**
 * The hashes of every chain stored so far were computed with the `canonicalize` package (the
 * RFC 8785 reference implementation); canonicalJson must write the same bytes for every JSON
 * value, or an old event, revision or log leaf would stop verifying.
 */
const unicodeText = fc.string({ unit: 'grapheme', maxLength: 12 });
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    unicodeText,
    fc.array(tie('any'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(unicodeText, fc.string()), tie('any'), { maxKeys: 6 }),
  ),
}));

describe('canonical JSON', () => {
  it('writes what the RFC 8785 reference implementation writes, for any JSON value', () => {
    fc.assert(
      fc.property(value.any, (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }),
      { numRuns: 2_000 },
    );
  });

  it('orders keys by UTF-16 code units, not code points (RFC 8785 §3.2.3)', () => {
    // U+1F600 is 0xD83D 0xDE00 in UTF-16, below U+FB01: code-point order would put it last.
    expect(canonicalJson({ '\u{1F600}': 1, '\uFB01': 2, a: 3 })).toBe('{"a":3,"😀":1,"ﬁ":2}');
  });

  it('skips undefined members as JSON does, and refuses a lone surrogate', () => {
    expect(canonicalJson({ b: undefined, a: [1, null] })).toBe('{"a":[1,null]}');
    expect(() => canonicalJson({ a: 'x\uD800' })).toThrow(/surrogate/);
    expect(() => canonicalJson(['\uDC00'])).toThrow(/surrogate/);
    // A backslash followed by the letters "ud800" is text, not an escape.
    expect(canonicalJson('\\ud800')).toBe(canonicalize('\\ud800'));
  });

  it('refuses what JSON cannot hold rather than writing something else', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(canonicalJson(undefined)).toBeUndefined();
  });
});
