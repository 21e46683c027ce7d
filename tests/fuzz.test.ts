/**
 * Property-based fuzzing of every route: thousands of random and hostile requests, generated from
 * the app's own OpenAPI document (so a new route is fuzzed without touching this file), must
 * never get a 5xx, every error must be an RFC 9457 problem document without internals, and a
 * refused request must write nothing.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { ADMIN_KEY, makeApp, type TestApp } from './support/app.js';

// ---------------------------------------------------------------------------------------------
// Budget: about 30 000 requests, some 20 s on two cores. FUZZ_SCALE=10 hunts ten times longer.

const SCALE = Math.max(Number(process.env.FUZZ_SCALE ?? 1) || 1, 0.01);
/** Per documented operation, each on a fresh app with a few resources to aim at. */
const RUNS_PER_OPERATION = Math.ceil(700 * SCALE);
/** All operations in one random sequence on one app, so that writes meet later reads. */
const RUNS_INTERLEAVED = Math.ceil(6000 * SCALE);
/** Unknown methods and paths, and the routes the OpenAPI document hides. */
const RUNS_UNDOCUMENTED = Math.ceil(1000 * SCALE);
const TEST_TIMEOUT_MS = 120_000 * Math.max(SCALE, 1);

// ---------------------------------------------------------------------------------------------
// The OpenAPI subset this file reads.

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  description?: string;
}

interface Parameter {
  $ref?: string;
  in?: 'path' | 'query' | 'header' | 'cookie';
  name?: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema>; parameters?: Record<string, Parameter> };
}

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'TRACE' | 'PROPFIND' | 'QUERY';
const METHODS: Record<string, Method> = {
  get: 'GET',
  head: 'HEAD',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  options: 'OPTIONS',
};

interface Operation {
  method: Method;
  path: string;
  op: OperationObject;
}

/** The document the running app serves, so routes added in code are fuzzed even before openapi/ is regenerated. */
async function loadSpec(): Promise<OpenApiDoc> {
  const app = await buildApp({ databasePath: ':memory:', logLevel: 'silent', seedSample: false });
  try {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    return res.json<OpenApiDoc>();
  } finally {
    await app.close();
  }
}

const spec = await loadSpec();

const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([key, op]) => {
    const method = METHODS[key];
    return method ? [{ method, path, op }] : [];
  }),
);

function resolveRef<T extends { $ref?: string }>(value: T, table: Record<string, T> | undefined): T {
  let current = value;
  for (let hops = 0; current.$ref && hops < 20; hops++) {
    const name = current.$ref.split('/').at(-1) ?? '';
    const next = table?.[name];
    if (!next) throw new Error(`unresolved $ref ${current.$ref}`);
    current = next;
  }
  return current;
}

const schemaOf = (s: JsonSchema) => resolveRef(s, spec.components?.schemas);
const parametersOf = (op: OperationObject) => (op.parameters ?? []).map((p) => resolveRef(p, spec.components?.parameters));

// ---------------------------------------------------------------------------------------------
// Encoding helpers.

/** Percent-encodes the UTF-8 bytes of s (lone surrogates become U+FFFD, as any client would send). */
function pct(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** What a header value can be on the wire: the UTF-8 bytes read as latin1, without control characters. */
function headerSafe(s: string): string {
  return Array.from(Buffer.from(s, 'utf8').toString('latin1'))
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code === 9 || (code >= 0x20 && code !== 0x7f);
    })
    .join('');
}

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

// ---------------------------------------------------------------------------------------------
// Hostile values shared by every request part.

/** Long runs of one character, by length, so that a failure shrinks to the shortest that fails. */
const longRun = (ch: string, max: number) => fc.integer({ min: 1, max }).map((n) => ch.repeat(n));

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

const hostileString: fc.Arbitrary<string> = fc.oneof(
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
const RAW_SEGMENTS = [
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
interface Domain {
  valid: fc.Arbitrary<string>;
  invalid: fc.Arbitrary<string>;
}

const mix = (d: Domain, validWeight: number): fc.Arbitrary<string> =>
  fc.oneof({ withCrossShrink: true }, { weight: validWeight, arbitrary: d.valid }, { weight: 1, arbitrary: d.invalid });

const withHostile = (bad: fc.Arbitrary<string>) => fc.oneof({ weight: 2, arbitrary: bad }, { weight: 1, arbitrary: hostileString });

// ---------------------------------------------------------------------------------------------
// Values by meaning.

const VALID_DATES = ['2022-01-21', '2022-02-01', '2022-03-01', '2021-12-31', '2020-02-29', '0000-01-01', '0000-02-29', '9999-12-31', '1970-01-01'];
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

const dates: Domain = {
  valid: fc.oneof(
    { weight: 4, arbitrary: fc.date({ min: new Date('2022-02-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
    { weight: 2, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
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

const instants: Domain = {
  valid: fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }), fc.constantFrom(...OFFSETS))
        .map(([d, offset]) => `${d.toISOString().slice(0, 19)}${offset}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...EXTREME_INSTANTS) },
  ),
  invalid: withHostile(fc.constantFrom(...BAD_INSTANTS)),
};

const countries: Domain = {
  valid: fc.constantFrom('DE', 'NL', 'BG', 'CI', 'KZ', 'TR', 'de', 'nL'),
  invalid: withHostile(
    fc.oneof(fc.constantFrom('XX', 'ZZ', 'AA', 'EU', 'UK', 'D', 'DEU', '12', 'ÄÖ', 'Dé', ''), fc.string({ unit: 'grapheme-ascii', minLength: 2, maxLength: 2 })),
  ),
};

const languages: Domain = {
  valid: fc.constantFrom('en', 'de-CH', 'en-us', 'EN', 'zh-Hant-TW', 'bg', 'fr-CI', 'i-klingon', 'art-lojban', 'cel-gaulish', 'zh-min-nan', 'x-private', 'und', 'qaa', 'en-u-ca-gregory-nu-latn', 'en-GB-oxendict', 'sgn-BE-FR'),
  invalid: withHostile(fc.constantFrom('en-', '-en', 'en_US', 'xx-invalid-tag-123', 'a'.repeat(35), 'a'.repeat(36), 'en--US', '*')),
};

const urls: Domain = {
  valid: fc.oneof(fc.webUrl(), fc.constantFrom('https://example.org/', 'HTTP://EXAMPLE.ORG', 'https://例え.jp/パス', 'http://[::1]:80/', 'https://user:pass@example.org/', `https://example.org/${'a'.repeat(1975)}`)),
  invalid: withHostile(
    fc.constantFrom('ftp://example.org/', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'not a url', 'https://', `https://example.org/${'a'.repeat(2000)}`),
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
const searches: Domain = {
  valid: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FTS_QUERIES) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) }),
  invalid: withHostile(fc.constantFrom('', ' '.repeat(10), 'a'.repeat(201))),
};

const limits: Domain = {
  valid: fc.oneof(fc.integer({ min: 1, max: 200 }).map(String), fc.constantFrom('1', '200', '01', '1e2', ' 5', '0x10')),
  invalid: fc.constantFrom('0', '-1', '201', '1e309', '99999999999999999999', '1.5', 'abc', '', 'Infinity', 'NaN', '+5', '٣', '[]'),
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
const cursors: Domain = {
  valid: cursorJson.map(b64url),
  invalid: withHostile(
    fc.oneof(
      cursorJson.map((s) => Buffer.from(s).toString('base64')),
      fc.base64String({ maxLength: 40 }),
      fc.constantFrom('A'.repeat(201), '====', '-_-_', '!!!'),
    ),
  ),
};

const ETAGS = ['"r1"', '"r2"', '"r3"', '*', ' * ', 'W/"r1"', '"r1", "r2"', '"r2","r1"', 'r1', '""', '"r0"', '"r-1"', '"r99999999999999999999"', ',', ', ,'];
const etagArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ETAGS) }, { weight: 1, arbitrary: hostileString.map(headerSafe) });

// ---------------------------------------------------------------------------------------------
// Published-document text for POST /v1/imports.

const sample = readFileSync(new URL('../data/sample/icor-kazakhstan-2022-01-21.txt', import.meta.url), 'utf8');
const sampleEntries = sample
  .split('\n')
  .filter((l) => /^\d+\. /.test(l))
  .map((l) => l.replace(/^\d+\.\s*/, ''));

const entryRest = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...sampleEntries) },
  { weight: 1, arbitrary: fc.constantFrom('RM Rode Morgen \ud800', 'X \udc00 (Red Dawn)') },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.option(fc.constantFrom('RM', 'БКП', 'PCPCI', 'MLPD', 'CPA/ML', 'PR-ByH', 'X', 'ICOR'), { nil: undefined }),
        fc.oneof(fc.constantFrom('Rode Morgen', 'Parti Communiste', 'Партия', 'Communist Party of Nowhere', 'Rode  Morgen', 'RODE MORGEN'), fc.string({ minLength: 1, maxLength: 30 })),
        fc.option(fc.oneof(fc.constantFrom('(Red Dawn)', '(Workers Party)', '((nested) group)', '(', ')', '()'), fc.string({ maxLength: 20 }).map((s) => `(${s})`)), { nil: undefined }),
        fc.option(fc.constantFrom(', Tunisia', ', Germany', ', Atlantis', ',', ', Côte d’Ivoire', ', Netherlands'), { nil: undefined }),
      )
      .map((parts) => parts.filter((p) => p !== undefined).join(' ')),
  },
  { weight: 1, arbitrary: hostileString },
);

const datePhrase = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('21 January 2022', 'January 21, 2022', '21.01.2022', '2022-01-21', '1 March 2022', '2023-06-30') },
  { weight: 1, arbitrary: fc.constantFrom('31 February 2022', '2022-02-30', '29 February 2020', '1 Jan. 2023', '21 Janvier 2022', '0 January 2022', '21 January 0000', '1 January 9999', '', '21 Ja 2022') },
  { weight: 1, arbitrary: dates.valid },
);

const importDocArb = fc
  .record({
    issuer: fc.constantFrom('ICOR resolution:', 'ICOR resolution:', 'ICOR:', 'Open letter:', 'Joint declaration:', 'Statement:', 'ICOR statement:', 'ICOR open letter:', '', 'Many words in a long issuer line:', ':'),
    title: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('Solidarity with Kazakhstan!', 'Another title') },
      { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
      { weight: 2, arbitrary: fc.constantFrom('Solidarity \ud800', '\udfff Title') },
      { weight: 1, arbitrary: hostileString },
    ),
    body: fc.array(fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 60 }) }, { weight: 1, arbitrary: hostileString }), { maxLength: 2 }),
    header: fc.constantFrom('Signatories', 'Signatories', 'Signatories', 'signatories', 'SIGNATORIES', 'Signatories:', 'Unterzeichner'),
    asOf: fc.option(datePhrase, { nil: undefined, freq: 5 }),
    open: fc.constantFrom(', further signatories possible', '', ', further signatories not possible'),
    entries: fc.array(fc.tuple(fc.oneof({ weight: 8, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat({ max: 1_200_000 }) }), entryRest), { minLength: 1, maxLength: 8 }),
    eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
  })
  .map(({ issuer, title, body, header, asOf, open, entries, eol }) => {
    const head = asOf === undefined ? `${header}:` : `${header} (as of ${asOf}${open}):`;
    const lines = entries.map(([n, rest], i) => `${n < 0 ? i + 1 : n}. ${rest}`);
    return [issuer, '', title, '', ...body, '', head, '', ...lines, ''].join(eol);
  });

const importTexts: Domain = {
  valid: fc.oneof({ weight: 8, arbitrary: importDocArb }, { weight: 1, arbitrary: fc.constant(sample) }),
  invalid: withHostile(
    fc.oneof(
      fc.constantFrom(`T\n\nSignatories:\n${'1. X\n'.repeat(3000)}`, `T\n\nSignatories:\n1. ${'('.repeat(20_000)}`, `T\n\nSignatories:\n1. ${'(a '.repeat(5000)}`, 'Signatories:', '\n\n\n'),
      fc.integer({ min: 1, max: 3000 }).map((n) => `T\n\nSignatories (as of 2022-01-21):\n${Array.from({ length: n }, (_, i) => `${i + 1}. ${sampleEntries[i % sampleEntries.length] ?? 'X'}`).join('\n')}`),
    ),
  ),
};

// ---------------------------------------------------------------------------------------------
// The app under test, with a few resources to aim at.

interface Fixtures {
  organizations: string[];
  statements: string[];
  signatures: string[];
  keys: string[];
  editorKey: string;
  revokedKey: string;
  spareKeyId: string;
  missing: string[];
}

interface Harness {
  t: TestApp;
  fx: Fixtures;
  fingerprint: () => string;
}

/** Everything a write can change, read through the app's own connection. */
const FINGERPRINT_SQL = `select json_array(
  (select count(*) from organizations), (select total(revision) from organizations), (select count(deleted_at) from organizations), (select max(updated_at) from organizations),
  (select count(*) from statements), (select total(revision) from statements), (select count(deleted_at) from statements), (select max(updated_at) from statements),
  (select count(*) from signatures), (select total(revision) from signatures), (select count(withdrawn_as_of) from signatures), (select max(updated_at) from signatures),
  (select count(*) from signature_spans), (select count(known_to) from signature_spans), (select count(*) from signing_keys),
  (select count(*) from signatory_events), (select count(*) from signatory_event_items), (select count(*) from revisions),
  (select count(*) from api_keys), (select count(revoked_at) from api_keys), (select max(key_hash) from api_keys),
  (select count(*) from idempotency_keys), (select max(created_at) from idempotency_keys),
  (select count(*) from organizations_fts), (select count(*) from statements_fts)
)`;

async function harness(): Promise<Harness> {
  const t = await makeApp();
  const write = async (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.admin(
      payload === undefined
        ? { method, url, headers }
        : { method, url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) },
    );
    if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url} failed: ${res.statusCode} ${res.body}`);
    return res.body ? res.json<{ id: string; key?: string }>() : { id: '' };
  };

  const o1 = (await write('POST', '/v1/organizations', { name: 'Rode Morgen', abbreviation: 'RM', nameEn: 'Red Dawn', country: 'NL', aliases: ['Rote Morgen'] })).id;
  const o2 = (await write('POST', '/v1/organizations', { name: 'Българска Комунистическа Партия', abbreviation: 'БКП', nameEn: 'Bulgarian Communist Party', country: 'BG' })).id;
  const o3 = (await write('POST', '/v1/organizations', { name: 'Parti Communiste Prolétarien de Côte d’Ivoire', abbreviation: 'PCPCI', country: 'CI', website: 'https://example.org' })).id;
  const gone = (await write('POST', '/v1/organizations', { name: 'Dissolved Party' })).id;
  await write('PATCH', `/v1/organizations/${o1}`, { website: 'https://example.org/rm' }, { 'if-match': '"r1"' });
  await write('DELETE', `/v1/organizations/${gone}`);

  const s1 = (await write('POST', '/v1/statements', { title: 'Solidarity with Kazakhstan', issuer: 'ICOR', kind: 'resolution', publishedOn: '2022-01-21', language: 'en', body: 'Text.' })).id;
  await write('POST', `/v1/statements/${s1}/snapshots`, { asOf: '2022-01-21', add: [{ organizationId: o1 }, { organizationId: o2 }] });
  await write('POST', `/v1/statements/${s1}/snapshots`, { asOf: '2022-02-01', add: [{ organizationId: o3 }], withdraw: [{ organizationId: o1, reason: 'left' }] });
  const s2 = (await write('POST', '/v1/statements', { title: 'Empty open letter', issuer: 'Nobody', kind: 'open-letter' })).id;
  const s3 = (await write('POST', '/v1/statements', { title: 'Deleted declaration', issuer: 'ICOR' })).id;
  await write('POST', `/v1/statements/${s3}/snapshots`, { asOf: '2022-01-21', add: [{ organizationId: o2 }] });
  await write('DELETE', `/v1/statements/${s3}`);

  const signatures = (await t.app.inject({ method: 'GET', url: '/v1/signatures' })).json<{ items: { id: string }[] }>().items.map((s) => s.id);
  await t.as('editor', { method: 'GET', url: '/health' });
  const editorKey = t.keys['editor'] ?? '';
  const spare = await write('POST', '/v1/keys', { name: 'spare', role: 'editor' });
  const revoked = await write('POST', '/v1/keys', { name: 'revoked', role: 'admin' });
  await write('DELETE', `/v1/keys/${revoked.id}`);
  // Never the bootstrap admin key's own id: revoking it would lock the fuzzer out.
  const keys = (await t.admin({ method: 'GET', url: '/v1/keys' }))
    .json<{ items: { id: string; role: string; name: string }[] }>()
    .items.filter((k) => k.name !== 'admin (UNDERSIGNED_ADMIN_KEY)')
    .map((k) => k.id);

  const statement = t.app.db.$client.prepare(FINGERPRINT_SQL).pluck();
  return {
    t,
    fx: {
      organizations: [o1, o2, o3, gone],
      statements: [s1, s2, s3],
      signatures,
      keys,
      editorKey,
      revokedKey: revoked.key ?? '',
      spareKeyId: spare.id,
      missing: ['org_AAAAAAAAAAAAAAAAAAAAAAAA', 'stm_AAAAAAAAAAAAAAAAAAAAAAAA', 'sig_AAAAAAAAAAAAAAAAAAAAAAAA', 'key_AAAAAAAAAAAAAAAAAAAAAAAA'],
    },
    fingerprint: () => String(statement.get()),
  };
}

// ---------------------------------------------------------------------------------------------
// Request parts.

interface FuzzRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

type IdKind = 'organization' | 'statement' | 'signature' | 'key' | 'any';

/** One of a pool that grows while the test runs, read when the value is drawn. */
const pick = (pool: () => string[]) => fc.nat({ max: 10_000 }).map((i) => {
  const list = pool();
  return list[i % list.length] ?? '';
});

function ids(h: Harness, kind: IdKind): Domain {
  const fx = h.fx;
  const all = () => [...fx.organizations, ...fx.statements, ...fx.signatures, ...fx.keys];
  const own = () => (kind === 'any' ? all() : { organization: fx.organizations, statement: fx.statements, signature: fx.signatures, key: fx.keys }[kind]);
  return {
    valid: fc.oneof({ weight: 8, arbitrary: pick(own) }, { weight: 1, arbitrary: pick(all) }),
    invalid: withHostile(fc.constantFrom(...fx.missing, 'x'.repeat(64), 'x'.repeat(65))),
  };
}

const ID_POOLS: Record<string, 'organizations' | 'statements' | 'signatures' | 'keys'> = { org: 'organizations', stm: 'statements', sig: 'signatures', key: 'keys' };

/** Ids in a creation's response join the pools, so later requests aim at what the fuzzer made. */
function remember(fx: Fixtures, value: unknown, depth = 0): void {
  if (depth > 5 || value === null || typeof value !== 'object') return;
  for (const item of Object.values(value)) {
    if (typeof item === 'string') {
      const pool = ID_POOLS[item.slice(0, 3)];
      if (pool && /^[a-z]{3}_[\w-]{16}$/.test(item) && fx[pool].length < 60 && !fx[pool].includes(item)) fx[pool].push(item);
    } else remember(fx, item, depth + 1);
  }
}

function idKindFor(name: string, path: string): IdKind {
  if (name === 'organizationId' || name === 'signedBy') return 'organization';
  if (name === 'statementId') return 'statement';
  if (name !== 'id') return 'any';
  if (path.startsWith('/v1/organizations')) return 'organization';
  if (path.startsWith('/v1/statements')) return 'statement';
  if (path.startsWith('/v1/signatures')) return 'signature';
  if (path.startsWith('/v1/keys')) return 'key';
  return 'any';
}

const smallNumbers: Domain = {
  valid: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('1', '2', '3') }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('01', '1e0', '0x1', ' 1', '9007199254740991') }),
  invalid: withHostile(fc.constantFrom('0', '-1', '1e309', '99999999999999999999', '9007199254740992', '1.5', 'Infinity', 'NaN', '')),
};

/** A text field: ordinary words and unicode within its limits, or its limits crossed. */
function texts(s: JsonSchema): Domain {
  const max = s.maxLength ?? 200;
  const min = Math.max(s.minLength ?? 0, 1);
  return {
    valid: fc.oneof(
      { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }).filter((t) => t.trim() !== '') },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(max, 20)) }).filter((t) => t.trim() !== '') },
      { weight: 1, arbitrary: fc.constantFrom('x'.repeat(max), ` ${'y'.repeat(Math.min(max, 10))} `, 'Rode Morgen', 'Партия', 'e\u0301', '🏳️‍🌈') },
      // Valid JSON strings that are not well-formed UTF-16: a lone surrogate, escaped in the JSON text.
      { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff')).map(([a, b]) => `${a}${b}`.slice(0, max)) },
    ),
    invalid: withHostile(fc.constantFrom('x'.repeat(max + 1), ' '.repeat(Math.min(max, 5)), '')),
  };
}

function domainFor(h: Harness, s: JsonSchema, name: string, path: string): Domain {
  if (['organizationId', 'statementId', 'signedBy'].includes(name)) return ids(h, idKindFor(name, path));
  if (['asOf', 'signedOn', 'publishedOn', 'from', 'to'].includes(name) || s.format === 'date') return dates;
  if (name === 'knownAt' || s.format === 'date-time') return instants;
  if (name === 'country') return countries;
  if (name === 'language') return languages;
  if (['website', 'sourceUrl'].includes(name) || s.format === 'uri') return urls;
  if (name === 'text' || /published document/i.test(s.description ?? '')) return importTexts;
  if (name === 'q') return searches;
  if (name === 'cursor') return cursors;
  if (name === 'limit') return limits;
  if (name === 'dryRun') return { valid: fc.constantFrom('true', 'false'), invalid: fc.constantFrom('TRUE', '1', 'yes', '') };
  return texts(s);
}

/**
 * Values of a JSON schema, valid but for about one field in `validWeight`, with the app's own
 * ids, dates and codes where the field names call for them.
 */
function fromSchema(h: Harness, schema: JsonSchema | undefined, name: string, path: string, depth: number, validWeight: number): fc.Arbitrary<unknown> {
  if (!schema) return fc.jsonValue({ maxDepth: 2 });
  const s = schemaOf(schema);
  if (depth > 6) return fc.constant(null);
  if (s.enum?.length) return fc.oneof({ weight: validWeight, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: hostileString });
  if ('const' in s) return fc.constant(s.const);
  const alternatives = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alternatives?.length) {
    return fc.oneof(...alternatives.map((a) => fromSchema(h, { description: s.description, ...schemaOf(a) }, name, path, depth + 1, validWeight)));
  }
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => fromSchema(h, { ...s, type }, name, path, depth, validWeight)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'string':
      return mix(domainFor(h, s, name, path), validWeight);
    case 'array': {
      const item = fromSchema(h, s.items, name, path, depth + 1, validWeight);
      const maxLength = Math.min(s.maxItems ?? 3, 3);
      return fc.oneof(
        { weight: 1, arbitrary: fc.array(item, { minLength: Math.min(s.minItems ?? 0, maxLength), maxLength }) },
        { weight: 3, arbitrary: fc.array(item, { minLength: Math.min(Math.max(s.minItems ?? 1, 1), maxLength), maxLength: Math.min(maxLength, 2) }) },
      );
    }
    case 'object': {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(s.properties ?? {})) model[key] = fromSchema(h, value, key, path, depth + 1, validWeight);
      const pairs = EXCLUSIVE_KEYS.filter(([a, b]) => a in model && b in model);
      const exclusive = pairs.flat();
      const required = [...(s.required ?? []), ...exclusive].filter((k) => k in model);
      const record = fc.record(model, { requiredKeys: required });
      if (!pairs.length) return record;
      // Schemas that take exactly one of two keys (an existing organization or a new one): mostly keep one.
      return fc.tuple(record, fc.nat({ max: 9 })).map(([value, pick]) => {
        const out: Record<string, unknown> = { ...value };
        for (const [a, b] of pairs) {
          if (pick === 9) continue;
          if (pick === 8) {
            delete out[a];
            delete out[b];
          } else delete out[pick < 4 ? a : b];
        }
        return out;
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const EXCLUSIVE_KEYS: [string, string][] = [['organizationId', 'organization']];

/** A value of the wrong type or shape, for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, '', ' ', [], {}, [[[]]], { $gt: '' }, '1', 'null', 'true', ['a']) },
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 600_000 }).map((n) => 'é'.repeat(n)) },
);

type PathKey = string | number;

function pathsOf(value: unknown, prefix: PathKey[] = [], out: PathKey[][] = []): PathKey[][] {
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      out.push([...prefix, i]);
      pathsOf(item, [...prefix, i], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      pathsOf(item, [...prefix, key], out);
    }
  }
  return out;
}

function setAt(value: unknown, path: PathKey[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) {
    const copy: unknown[] = [...value];
    const i = typeof head === 'number' ? head : 0;
    copy[i] = setAt(copy[i], rest, replacement);
    return copy;
  }
  const copy: Record<string, unknown> = value !== null && typeof value === 'object' ? { ...value } : {};
  copy[String(head)] = setAt(copy[String(head)], rest, replacement);
  return copy;
}

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'unknownField', 'name_en', 'id', 'revision', 'createdAt', 'deletedAt', 'seq', 'status', ''];
const EXTRA_VALUES = ['{"polluted":"yes","isAdmin":true}', '{"prototype":{"polluted":"yes"}}', '1', 'null', '"x"', '[]'];

/** Adds a key to a JSON object text without going through an object (so `__proto__` stays an own key). */
function withExtraKey(text: string, key: string, valueText: string, first: boolean): string {
  const pair = `${JSON.stringify(key)}:${valueText}`;
  if (!text.startsWith('{') || !text.endsWith('}')) return `{${pair}}`;
  if (text === '{}') return `{${pair}}`;
  return first ? `{${pair},${text.slice(1)}` : `${text.slice(0, -1)},${pair}}`;
}

const MALFORMED_JSON = [
  '{',
  '}',
  '{"name":',
  '{"name":"x",}',
  "{'name':'x'}",
  '{name:"x"}',
  '[1,]',
  'NaN',
  'undefined',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '{"name":"\\ud800"}',
  '{"name":"\\udc00\\ud800"}',
  '{"name":"\\u00"}',
  '"',
  ' ',
  '\u0000',
  'null',
  'true',
  '1e309',
  '"just a string"',
  '[]',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
];

const WRONG_TYPES = [
  'application/xml',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;',
  'application/jsonx',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/plain; charset=utf-8',
  '*/*',
  'application/*',
  'json',
  '',
];

interface Body {
  contentType?: string;
  payload?: string;
}

function bodyArb(h: Harness, operation: Operation): fc.Arbitrary<Body> {
  const content = operation.op.requestBody?.content ?? {};
  const documented = Object.keys(content);
  const jsonSchema = content['application/json']?.schema ?? Object.values(content)[0]?.schema;
  const valid = fromSchema(h, jsonSchema, '', operation.path, 0, 30);
  const topKeys = jsonSchema ? Object.keys(schemaOf(jsonSchema).properties ?? {}) : [];
  const mutated = fc.tuple(valid, fc.nat(), wrongValue, fc.boolean()).map(([value, i, wrong, top]) => {
    const paths = [...(top ? [] : pathsOf(value)), ...topKeys.map((k) => [k])];
    const path = paths[i % Math.max(paths.length, 1)];
    return path ? setAt(value, path, wrong) : wrong;
  });
  const jsonValue = fc.oneof(
    { weight: 16, arbitrary: valid },
    { weight: 4, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown) },
  );
  const jsonText = fc.oneof(
    { weight: 20, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(jsonValue, fc.constantFrom(...EXTRA_KEYS), fc.constantFrom(...EXTRA_VALUES), fc.boolean())
        .map(([v, k, x, first]) => withExtraKey(JSON.stringify(v), k, x, first)),
    },
    {
      weight: 1,
      // A real field twice, the second time with a wrong value.
      arbitrary: fc.tuple(valid, wrongValue).map(([v, w]) => {
        const key = topKeys[0];
        return key ? withExtraKey(JSON.stringify(v), key, JSON.stringify(w), false) : JSON.stringify(v);
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom('array', 'object', 'field'))
        .map(([n, kind]) =>
          kind === 'array' ? '['.repeat(n) + ']'.repeat(n) : kind === 'object' ? `${'{"a":'.repeat(n)}1${'}'.repeat(n)}` : `{"${topKeys[0] ?? 'name'}":${'['.repeat(n)}${']'.repeat(n)}}`,
        ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1024 * 1024 - 20, max: 1024 * 1024 + 20 }).map((n) => JSON.stringify({ [topKeys[0] ?? 'name']: 'x'.repeat(n) })) },
  );
  const right = [...(documented.length ? documented : ['application/json']), ...(operation.method === 'PATCH' ? ['application/merge-patch+json'] : []), 'application/json; charset=utf-8'];
  const contentType = fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom<string | undefined>(...right) },
    { weight: 2, arbitrary: fc.constantFrom<string | undefined>(...WRONG_TYPES) },
    { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  );
  const withBody = contentType.chain((ct) => {
    const text = ct?.startsWith('text/plain')
      ? fc.oneof(
          { weight: 8, arbitrary: mix(importTexts, 6) },
          { weight: 1, arbitrary: jsonText },
          { weight: 1, arbitrary: fc.integer({ min: 10 * 1024 * 1024 - 10, max: 10 * 1024 * 1024 + 10 }).map((n) => 'x'.repeat(n)) },
        )
      : jsonText;
    return text.map((payload): Body => (ct === undefined ? { payload } : { contentType: ct, payload }));
  });
  const empty = fc.constantFrom<Body>({}, { contentType: 'application/json' }, { contentType: 'application/json', payload: '' }, { contentType: 'text/plain', payload: '' });
  if (!operation.op.requestBody) {
    return fc.oneof({ withCrossShrink: true }, { weight: 12, arbitrary: fc.constant<Body>({}) }, { weight: 1, arbitrary: withBody }, { weight: 1, arbitrary: empty });
  }
  return fc.oneof({ weight: 20, arbitrary: withBody }, { weight: 1, arbitrary: empty });
}

const RAW_QUERY = ['q', '=', '&', '&&', '==', 'q=%', 'q=%ZZ', 'limit=%00', 'cursor=%FF%FE', 'q=%E0%A4%A', 'q=a+b', 'q[]=x', 'q[a]=x', 'limit[]=1', '__proto__[polluted]=yes', 'constructor[prototype][polluted]=yes', ';', 'a=1;b=2', '?'];

/**
 * The documented parameters (required ones nearly always, optional ones often, sometimes twice
 * or without a value), plus now and then an unknown or raw one.
 */
function queryArb(h: Harness, operation: Operation): fc.Arbitrary<string> {
  const params = parametersOf(operation.op).filter((p) => p.in === 'query' && p.name);
  const pieces: fc.Arbitrary<string[]>[] = params.map((p) => {
    const name = p.name ?? '';
    const domain = name === 'status' ? { valid: fc.constantFrom('active', 'withdrawn'), invalid: withHostile(fc.constantFrom('ACTIVE', 'deleted', '')) } : domainFor(h, p.schema ? schemaOf(p.schema) : {}, name, operation.path);
    const value = mix(domain, 7);
    const key = pct(name);
    return fc.oneof(
      { withCrossShrink: true },
      { weight: p.required ? 1 : 6, arbitrary: fc.constant<string[]>([]) },
      { weight: 8, arbitrary: value.map((v) => [`${key}=${pct(v)}`]) },
      { weight: 1, arbitrary: fc.tuple(value, value).map(([a, b]) => [`${key}=${pct(a)}`, `${key}=${pct(b)}`]) },
      { weight: 1, arbitrary: fc.constantFrom(key, `${key}=`).map((v) => [v]) },
    );
  });
  const extra = fc.oneof(
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('foo', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a.b', '', 'limit ', 'LIMIT', 'Q', 'dryRun', 'asOf', 'knownAt'), hostileString)
        .map(([k, v]) => `${pct(k)}=${pct(v)}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERY) },
  );
  return fc
    .tuple(fc.tuple(...pieces), fc.array(extra, { maxLength: 2 }), fc.nat({ max: 3 }))
    .map(([documented, extras, keep]) => [...documented.flat(), ...extras.slice(0, keep === 0 ? 2 : 0)].join('&'));
}

function pathArb(h: Harness, operation: Operation): fc.Arbitrary<string> {
  const params = parametersOf(operation.op).filter((p) => p.in === 'path' && p.name);
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const p of params) {
    const name = p.name ?? '';
    const domain = name === 'id' ? ids(h, idKindFor(name, operation.path)) : smallNumbers;
    model[name] = fc.oneof({ weight: 20, arbitrary: mix(domain, 5).map(pct) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) }, { weight: 1, arbitrary: longRun('x', 10_000) });
  }
  return fc.record(model).map((values) => operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? name));
}

function authArb(h: Harness): fc.Arbitrary<string | undefined> {
  const admin = `Bearer ${ADMIN_KEY}`;
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 14, arbitrary: fc.constant(admin) },
    { weight: 3, arbitrary: fc.constant(`Bearer ${h.fx.editorKey}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Bearer',
        'Bearer ',
        `bearer ${ADMIN_KEY}`,
        `BEARER   ${ADMIN_KEY}`,
        `Bearer ${ADMIN_KEY} extra`,
        `Bearer ${ADMIN_KEY}x`,
        `Bearer ${ADMIN_KEY.slice(0, -1)}`,
        `Bearer\t${ADMIN_KEY}`,
        ADMIN_KEY,
        `Basic ${Buffer.from(`admin:${ADMIN_KEY}`).toString('base64')}`,
        `Bearer ${h.fx.revokedKey}`,
        'Bearer us_',
        'Digest username="admin"',
        `Bearer ${ADMIN_KEY}, Bearer ${ADMIN_KEY}`,
      ),
    },
    { weight: 1, arbitrary: hostileString.map((s) => headerSafe(`Bearer ${s}`)) },
    { weight: 1, arbitrary: hostileString.map(headerSafe) },
  );
}

const ACCEPTS = ['application/json', 'text/csv', 'text/plain', 'application/problem+json', '*/*', 'application/xml', 'text/html', 'text/csv;q=0, */*;q=0', 'image/png', '', ',', 'application/json;q=abc', 'text/*', '*/*;q=0'];

/** Each header is sent now and then; the ones that steer the routes more often. */
function headersArb(): fc.Arbitrary<Record<string, string>> {
  // Absent first: fast-check shrinks towards the first alternative, so a counterexample keeps only the headers it needs.
  const sometimes = (arb: fc.Arbitrary<string>, present: number, absent: number) =>
    fc.oneof({ withCrossShrink: true }, { weight: absent, arbitrary: fc.constant(undefined) }, { weight: present, arbitrary: arb });
  return fc
    .record({
      'if-match': sometimes(etagArb, 2, 1),
      'if-none-match': sometimes(etagArb, 1, 2),
      'idempotency-key': sometimes(
        fc.oneof(
          { weight: 4, arbitrary: fc.uuid() },
          { weight: 2, arbitrary: fc.constantFrom('k1', 'k2', '"k1"', 'retry-42') },
          { weight: 2, arbitrary: fc.constantFrom('has space', '', '""', '"', 'x'.repeat(255), 'x'.repeat(256), 'é', 'a"b', '"a') },
          { weight: 1, arbitrary: hostileString.map(headerSafe) },
        ),
        1,
        3,
      ),
      accept: sometimes(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ACCEPTS) }, { weight: 1, arbitrary: hostileString.map(headerSafe) }), 1, 2),
      'accept-language': sometimes(fc.constantFrom('de', '*', 'xx;q=2'), 1, 10),
      'accept-encoding': sometimes(fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0'), 1, 10),
      'content-encoding': sometimes(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x'), 1, 20),
      'x-request-id': sometimes(fc.oneof(fc.constantFrom('req-1', '', 'x'.repeat(1000)), fc.string({ unit: 'binary-ascii', maxLength: 30 }).map(headerSafe)), 1, 10),
      'x-http-method-override': sometimes(fc.constantFrom('DELETE', 'PATCH', 'GET'), 1, 20),
      'x-forwarded-for': sometimes(fc.constantFrom('127.0.0.1', '::1', 'garbage, 1.1.1.1'), 1, 20),
      origin: sometimes(fc.constantFrom('https://evil.example', 'null'), 1, 20),
    })
    .map((headers) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = v;
      return out;
    });
}

function requestArb(h: Harness, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const methods: Method[] = operation.method === 'GET' ? ['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'HEAD'] : [operation.method];
  return fc
    .record({
      method: fc.constantFrom(...methods),
      path: pathArb(h, operation),
      query: queryArb(h, operation),
      headers: headersArb(),
      auth: authArb(h),
      body: bodyArb(h, operation),
    })
    .map(({ method, path, query, headers, auth, body }) => assemble(method, `${path}${query ? `?${query}` : ''}`, headers, auth, body));
}

function assemble(method: Method, url: string, headers: Record<string, string>, auth: string | undefined, body: Body): FuzzRequest {
  const all: Record<string, string> = { ...headers };
  if (auth !== undefined) all['authorization'] = auth;
  if (body.contentType !== undefined) all['content-type'] = body.contentType;
  return body.payload === undefined ? { method, url, headers: all } : { method, url, headers: all, payload: body.payload };
}

// ---------------------------------------------------------------------------------------------
// The properties.

const cut = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

function describeExchange(req: FuzzRequest, res: LightMyRequestResponse): string {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, cut(v, 80)]));
  return [
    `${req.method} ${cut(req.url)}`,
    `headers ${JSON.stringify(headers)}`,
    `body ${req.payload === undefined ? '(none)' : JSON.stringify(cut(req.payload))}`,
    `-> ${res.statusCode} ${String(res.headers['content-type'])} ${cut(res.body, 500)}`,
  ].join('\n  ');
}

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();

interface ProblemShape {
  type?: unknown;
  title?: unknown;
  status?: unknown;
  detail?: unknown;
}

async function exercise(h: Harness, req: FuzzRequest, extra?: (res: LightMyRequestResponse) => void): Promise<void> {
  const before = h.fingerprint();
  const res = await h.t.app.inject(req.payload === undefined ? { method: req.method, url: req.url, headers: req.headers } : { method: req.method, url: req.url, headers: req.headers, payload: req.payload });
  const fail = (why: string) => {
    throw new Error(`${why}\n  ${describeExchange(req, res)}`);
  };
  if (res.statusCode >= 500) fail('server error');
  if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys) fail('Object.prototype was polluted');
  extra?.(res);
  if (res.statusCode === 201 && String(res.headers['content-type']).startsWith('application/json')) remember(h.fx, res.json<unknown>());
  if (res.statusCode < 400) return;

  const contentType = String(res.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/problem+json')) fail('error is not application/problem+json');
  if (req.method === 'HEAD') {
    if (res.body !== '') fail('HEAD error has a body');
  } else {
    let problem: ProblemShape;
    try {
      problem = res.json<ProblemShape>();
    } catch {
      return fail('problem body is not JSON');
    }
    if (problem === null || typeof problem !== 'object') fail('problem body is not an object');
    if (typeof problem.type !== 'string' || typeof problem.title !== 'string' || typeof problem.detail !== 'string') fail('problem lacks type, title or detail');
    if (problem.status !== res.statusCode) fail('problem status differs from the HTTP status');
    if (/\bat .+:\d+:\d+/.test(res.body)) fail('problem leaks a stack frame');
    if (res.body.includes('node_modules')) fail('problem leaks node_modules');
  }
  if (h.fingerprint() !== before) fail('a refused request changed the database');
}

describe('fuzzing: hostile requests never get a 5xx, errors are problem documents, refusals write nothing', () => {
  it('the OpenAPI document lists the operations to fuzz', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const { method, path } of operations) expect(`${method} ${path}`).toMatch(/^[A-Z]+ \/\S*$/);
  });

  it('the database fingerprint sees every kind of write', async () => {
    const h = await harness();
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const admin = { ...auth, 'content-type': 'application/json' };
    const [o1, o2] = h.fx.organizations;
    const [s1, s2] = h.fx.statements;
    const writes: FuzzRequest[] = [
      { method: 'POST', url: '/v1/organizations', headers: admin, payload: '{"name":"New"}' },
      { method: 'PATCH', url: `/v1/organizations/${o2}`, headers: { ...admin, 'if-match': '*' }, payload: '{"nameEn":"Changed"}' },
      { method: 'POST', url: `/v1/statements/${s2}/snapshots`, headers: admin, payload: JSON.stringify({ asOf: '2022-05-01', add: [{ organizationId: o1 }] }) },
      { method: 'PATCH', url: `/v1/signatures/${h.fx.signatures[0]}`, headers: { ...admin, 'if-match': '*' }, payload: '{"note":"n"}' },
      { method: 'PATCH', url: `/v1/statements/${s1}`, headers: { ...admin, 'if-match': '*' }, payload: '{"body":"changed"}' },
      { method: 'POST', url: '/v1/organizations', headers: { ...admin, 'idempotency-key': 'fingerprint' }, payload: '{"name":"Keyed"}' },
      { method: 'DELETE', url: `/v1/keys/${h.fx.spareKeyId}`, headers: auth },
      { method: 'DELETE', url: `/v1/statements/${s2}`, headers: auth },
    ];
    for (const req of writes) {
      const before = h.fingerprint();
      const res = await h.t.app.inject(req);
      expect(res.statusCode, `${req.method} ${req.url}: ${res.body}`).toBeLessThan(300);
      expect(h.fingerprint(), `${req.method} ${req.url}`).not.toBe(before);
    }
  });

  for (const operation of operations) {
    it(
      `${operation.method} ${operation.path}`,
      async () => {
        const h = await harness();
        await fc.assert(
          fc.asyncProperty(requestArb(h, operation), (req) => exercise(h, req)),
          { numRuns: RUNS_PER_OPERATION },
        );
      },
      TEST_TIMEOUT_MS,
    );
  }

  it(
    'every operation interleaved on one app, aimed at what the fuzzer itself created',
    async () => {
      const h = await harness();
      await fc.assert(
        fc.asyncProperty(fc.oneof(...operations.map((operation) => requestArb(h, operation))), (req) => exercise(h, req)),
        { numRuns: RUNS_INTERLEAVED },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'undocumented methods, unknown paths and the hidden routes (/openapi.json, /docs)',
    async () => {
      const h = await harness();
      const templates = [...new Set(operations.map((o) => o.path))];
      const filled = fc
        .tuple(fc.constantFrom(...templates), ids(h, 'any').valid, fc.constantFrom('', '/', '/x', '/revisions/1/x', '//', '/..', '/%2e%2e'))
        .map(([template, id, suffix]) => template.replace(/\{[^}]+\}/g, pct(id)) + suffix);
      const hidden = fc.constantFrom(
        '/openapi.json',
        '/docs',
        '/docs/',
        '/docs/json',
        '/docs/yaml',
        '/docs/static/index.html',
        '/docs/static/swagger-initializer.js',
        '/docs/static/../../package.json',
        '/docs/static/%2e%2e/%2e%2e/package.json',
        '/docs/static/..%2f..%2fpackage.json',
        '/docs/static/%00',
        '/docs/static/nothing.js',
        '/docs/%ZZ',
        '/',
        '//',
        '/v1',
        '/v1/',
        '/v2/organizations',
        '/V1/ORGANIZATIONS',
        '/v1/organizations/',
        '/health/',
        '/health?x=1',
        '/%ZZ',
        '/%00',
        `/${'a'.repeat(10_000)}`,
        '/v1/organizations/a/b/c/d/e',
        '/*',
        '/v1/organizations;x=1',
      );
      const randomPath = fc.array(hostileString.map(pct), { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
      const path = fc.oneof({ weight: 3, arbitrary: filled }, { weight: 3, arbitrary: hidden }, { weight: 1, arbitrary: randomPath });
      const method = fc.constantFrom<Method>('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'QUERY');
      const anyOperation: Operation = { method: 'POST', path: '/', op: { requestBody: { content: { 'application/json': {} } } } };
      const req = fc
        .record({ method, path, headers: headersArb(), auth: authArb(h), body: bodyArb(h, anyOperation) })
        .map(({ method: m, path: p, headers, auth, body }) => assemble(m, p, headers, auth, m === 'GET' || m === 'HEAD' ? {} : body));
      await fc.assert(
        fc.asyncProperty(req, (r) =>
          exercise(h, r, (res) => {
            // The static files of /docs must stay inside their folder.
            if (res.body.includes('"devDependencies"')) throw new Error(`static file traversal: ${describeExchange(r, res)}`);
          }),
        ),
        { numRuns: RUNS_UNDOCUMENTED },
      );
    },
    TEST_TIMEOUT_MS,
  );
});
