import { configure } from 'safe-stable-stringify';

/**
 * RFC 8785 canonical JSON (JCS) of the plain JSON values the hash chains, the log and the
 * idempotency fingerprints cover: keys sorted by UTF-16 code units, ECMAScript number and string
 * serialization, no white space. safe-stable-stringify, in its deterministic and strict mode,
 * writes exactly that for such values, about three times as fast as the `canonicalize` reference
 * implementation, which a property test keeps it equal to (tests/canonical-json.test.ts).
 */
const stringify = configure({ deterministic: true, strict: true, bigint: false, circularValue: TypeError });

/** A `\uD800`–`\uDFFF` escape (one the serializer wrote: preceded by an even run of backslashes). */
const LONE_SURROGATE = /(?:^|[^\\])(?:\\\\)*\\ud[89a-f]/i;

/** Undefined for what JSON cannot hold (undefined, a function); throws on a lone surrogate, as RFC 8785 asks. */
export function canonicalJson(value: unknown): string | undefined {
  const text = stringify(value);
  if (text !== undefined && LONE_SURROGATE.test(text)) throw new Error('Lone surrogate is not allowed');
  return text;
}
