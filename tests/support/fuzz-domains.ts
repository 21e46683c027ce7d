/** The fuzzer's values by meaning: dates, instants, codes, URLs, searches, pages, cursors, ETags. */
import fc from 'fast-check';
import { b64url, headerSafe, hostileString, withHostile, type Domain } from './fuzz-values.js';

// Values by meaning.

const VALID_DATES = [
  '2022-01-21',
  '2022-02-01',
  '2022-03-01',
  '2021-12-31',
  '2020-02-29',
  '0000-01-01',
  '0000-02-29',
  '9999-12-31',
  '1970-01-01',
];
const BAD_DATES = [
  '2022-02-30',
  '2021-02-29',
  '2022-13-01',
  '2022-00-10',
  '2022-01-00',
  '21.01.2022',
  '01/21/2022',
  '2022-1-21',
  '20220121',
  '+002022-01-21',
  '-002022-01-21',
  '2022-01-21T00:00:00Z',
  ' 2022-01-21',
  '2022-01-21 ',
  '10000-01-01',
  '21 January 2022',
  'yesterday',
  '２０２２-０１-２１',
];

export const dates: Domain = {
  valid: fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .date({ min: new Date('2022-02-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    },
    {
      weight: 2,
      arbitrary: fc
        .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    },
    { weight: 2, arbitrary: fc.constantFrom(...VALID_DATES) },
  ),
  invalid: withHostile(fc.constantFrom(...BAD_DATES)),
};

const OFFSETS = ['Z', 'z', '+00:00', '-00:00', '+01:00', '+14:00', '-12:00', '+23:59', '-23:59', '+05:45'];
const EXTREME_INSTANTS = [
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-23:59',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00+23:59',
  '1970-01-01T00:00:00Z',
  '2022-01-21T12:00:00.123456789Z',
  '2022-01-21T23:59:60Z',
];
const BAD_INSTANTS = [
  '2022-01-21',
  '2022-01-21T25:00:00Z',
  '2022-01-21 12:00:00',
  '2022-01-21T12:00:00',
  '2022-02-30T00:00:00Z',
  '2022-01-21T12:00:00+24:00',
  'now',
  '1642766400',
  '1642766400000',
];

export const instants: Domain = {
  valid: fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
          fc.constantFrom(...OFFSETS),
        )
        .map(([d, offset]) => `${d.toISOString().slice(0, 19)}${offset}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...EXTREME_INSTANTS) },
  ),
  invalid: withHostile(fc.constantFrom(...BAD_INSTANTS)),
};

export const countries: Domain = {
  valid: fc.constantFrom('DE', 'NL', 'BG', 'CI', 'KZ', 'TR', 'de', 'nL'),
  invalid: withHostile(
    fc.oneof(
      fc.constantFrom('XX', 'ZZ', 'AA', 'EU', 'UK', 'D', 'DEU', '12', 'ÄÖ', 'Dé', ''),
      fc.string({ unit: 'grapheme-ascii', minLength: 2, maxLength: 2 }),
    ),
  ),
};

export const languages: Domain = {
  valid: fc.constantFrom(
    'en',
    'de-CH',
    'en-us',
    'EN',
    'zh-Hant-TW',
    'bg',
    'fr-CI',
    'i-klingon',
    'art-lojban',
    'cel-gaulish',
    'zh-min-nan',
    'x-private',
    'und',
    'qaa',
    'en-u-ca-gregory-nu-latn',
    'en-GB-oxendict',
    'sgn-BE-FR',
  ),
  invalid: withHostile(
    fc.constantFrom('en-', '-en', 'en_US', 'xx-invalid-tag-123', 'a'.repeat(35), 'a'.repeat(36), 'en--US', '*'),
  ),
};

export const urls: Domain = {
  valid: fc.oneof(
    fc.webUrl(),
    fc.constantFrom(
      'https://example.org/',
      'HTTP://EXAMPLE.ORG',
      'https://例え.jp/パス',
      'http://[::1]:80/',
      'https://user:pass@example.org/',
      `https://example.org/${'a'.repeat(1975)}`,
    ),
  ),
  invalid: withHostile(
    fc.constantFrom(
      'ftp://example.org/',
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      'not a url',
      'https://',
      `https://example.org/${'a'.repeat(2000)}`,
    ),
  ),
};

const FTS_QUERIES = [
  '"a" OR NEAR(b)',
  '*',
  '-',
  '^',
  'a*',
  '"',
  '""',
  '(',
  ')',
  'NOT',
  'AND',
  'OR',
  'NEAR(a b, 2)',
  'search_text:x',
  '{a b}',
  'a + b',
  "'",
  '%',
  '_',
  '\\',
  '*:*',
  'rode',
  'Rode Morgen',
  'red dawn',
  'бкп',
  'kazakhstan',
  'côte',
  'ß',
  'ﬁ',
  'İ',
  'a'.repeat(200),
  'a '.repeat(100),
];
export const searches: Domain = {
  valid: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...FTS_QUERIES) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
  ),
  invalid: withHostile(fc.constantFrom('', ' '.repeat(10), 'a'.repeat(201))),
};

export const limits: Domain = {
  valid: fc.oneof(fc.integer({ min: 1, max: 200 }).map(String), fc.constantFrom('1', '200', '01', '1e2', ' 5', '0x10')),
  invalid: fc.constantFrom(
    '0',
    '-1',
    '201',
    '1e309',
    '99999999999999999999',
    '1.5',
    'abc',
    '',
    'Infinity',
    'NaN',
    '+5',
    '٣',
    '[]',
  ),
};

const cursorJson = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 50 }), fc.constantFrom('seq', 'rank')).map(([k, t]) => JSON.stringify({ k, t })),
  fc.constantFrom(
    '{"k":-1,"t":"seq"}',
    '{"k":1e308,"t":"seq"}',
    '{"k":1e309,"t":"rank"}',
    '{"k":9007199254740991,"t":"rank"}',
    '{"k":9007199254740991,"t":"seq"}',
    '{"k":9007199254740993,"t":"seq"}',
    '{"k":"1","t":"seq"}',
    '{"k":1.5,"t":"seq"}',
    '{"k":0,"t":"other"}',
    '{"k":0}',
    '{"t":"seq"}',
    '{"k":0,"t":"seq","__proto__":{"polluted":"yes"}}',
    '{"k":0,"t":"seq","constructor":{"prototype":{"polluted":"yes"}}}',
    '{}',
    '[]',
    'null',
    '"x"',
    '{',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);
export const cursors: Domain = {
  valid: cursorJson.map(b64url),
  invalid: withHostile(
    fc.oneof(
      cursorJson.map((s) => Buffer.from(s).toString('base64')),
      fc.base64String({ maxLength: 40 }),
      fc.constantFrom('A'.repeat(201), '====', '-_-_', '!!!'),
    ),
  ),
};

const ETAGS = [
  '"r1"',
  '"r2"',
  '"r3"',
  '*',
  ' * ',
  'W/"r1"',
  '"r1", "r2"',
  '"r2","r1"',
  'r1',
  '""',
  '"r0"',
  '"r-1"',
  '"r99999999999999999999"',
  ',',
  ', ,',
];
export const etagArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ETAGS) },
  { weight: 1, arbitrary: hostileString.map(headerSafe) },
);

export const smallNumbers: Domain = {
  valid: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('1', '2', '3') },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('01', '1e0', '0x1', ' 1', '9007199254740991') },
  ),
  invalid: withHostile(
    fc.constantFrom('0', '-1', '1e309', '99999999999999999999', '9007199254740992', '1.5', 'Infinity', 'NaN', ''),
  ),
};
