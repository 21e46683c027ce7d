/** Whole requests for an operation: path, query, headers, credentials and body. */
import fc from 'fast-check';
import { ADMIN_KEY } from './app.js';
import { bodyArb, type Body } from './fuzz-body.js';
import { etagArb, smallNumbers } from './fuzz-domains.js';
import { ids, idKindFor, type Harness } from './fuzz-harness.js';
import { domainFor } from './fuzz-schema.js';
import { parametersOf, schemaOf, type Method, type Operation } from './fuzz-spec.js';
import { headerSafe, hostileString, longRun, mix, pct, RAW_SEGMENTS, withHostile } from './fuzz-values.js';

export interface FuzzRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const RAW_QUERY = [
  'q',
  '=',
  '&',
  '&&',
  '==',
  'q=%',
  'q=%ZZ',
  'limit=%00',
  'cursor=%FF%FE',
  'q=%E0%A4%A',
  'q=a+b',
  'q[]=x',
  'q[a]=x',
  'limit[]=1',
  '__proto__[polluted]=yes',
  'constructor[prototype][polluted]=yes',
  ';',
  'a=1;b=2',
  '?',
];

/**
 * The documented parameters (required ones nearly always, optional ones often, sometimes twice
 * or without a value), plus now and then an unknown or raw one.
 */
function queryArb(h: Harness, operation: Operation): fc.Arbitrary<string> {
  const params = parametersOf(operation.op).filter((p) => p.in === 'query' && p.name);
  const pieces: fc.Arbitrary<string[]>[] = params.map((p) => {
    const name = p.name ?? '';
    const domain =
      name === 'status'
        ? {
            valid: fc.constantFrom('active', 'withdrawn'),
            invalid: withHostile(fc.constantFrom('ACTIVE', 'deleted', '')),
          }
        : domainFor(h, p.schema ? schemaOf(p.schema) : {}, name, operation.path);
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
        .tuple(
          fc.constantFrom(
            'foo',
            '__proto__',
            'constructor',
            'toString',
            'hasOwnProperty',
            'a.b',
            '',
            'limit ',
            'LIMIT',
            'Q',
            'dryRun',
            'asOf',
            'knownAt',
          ),
          hostileString,
        )
        .map(([k, v]) => `${pct(k)}=${pct(v)}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERY) },
  );
  return fc
    .tuple(fc.tuple(...pieces), fc.array(extra, { maxLength: 2 }), fc.nat({ max: 3 }))
    .map(([documented, extras, keep]) => [...documented.flat(), ...extras.slice(0, keep === 0 ? 2 : 0)].join('&'));
}

export function pathArb(h: Harness, operation: Operation): fc.Arbitrary<string> {
  const params = parametersOf(operation.op).filter((p) => p.in === 'path' && p.name);
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const p of params) {
    const name = p.name ?? '';
    const domain = name === 'id' ? ids(h, idKindFor(name, operation.path)) : smallNumbers;
    model[name] = fc.oneof(
      { weight: 20, arbitrary: mix(domain, 5).map(pct) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
      { weight: 1, arbitrary: longRun('x', 10_000) },
    );
  }
  return fc
    .record(model)
    .map((values) => operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? name));
}

export function authArb(h: Harness): fc.Arbitrary<string | undefined> {
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

const ACCEPTS = [
  'application/json',
  'text/csv',
  'text/plain',
  'application/problem+json',
  '*/*',
  'application/xml',
  'text/html',
  'text/csv;q=0, */*;q=0',
  'image/png',
  '',
  ',',
  'application/json;q=abc',
  'text/*',
  '*/*;q=0',
];

/** Each header is sent now and then; the ones that steer the routes more often. */
export function headersArb(): fc.Arbitrary<Record<string, string>> {
  // Absent first: fast-check shrinks towards the first alternative, so a counterexample keeps only the headers it needs.
  const sometimes = (arb: fc.Arbitrary<string>, present: number, absent: number) =>
    fc.oneof(
      { withCrossShrink: true },
      { weight: absent, arbitrary: fc.constant(undefined) },
      { weight: present, arbitrary: arb },
    );
  return fc
    .record({
      'if-match': sometimes(etagArb, 2, 1),
      'if-none-match': sometimes(etagArb, 1, 2),
      'idempotency-key': sometimes(
        fc.oneof(
          { weight: 4, arbitrary: fc.uuid() },
          { weight: 2, arbitrary: fc.constantFrom('k1', 'k2', '"k1"', 'retry-42') },
          {
            weight: 2,
            arbitrary: fc.constantFrom('has space', '', '""', '"', 'x'.repeat(255), 'x'.repeat(256), 'é', 'a"b', '"a'),
          },
          { weight: 1, arbitrary: hostileString.map(headerSafe) },
        ),
        1,
        3,
      ),
      accept: sometimes(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...ACCEPTS) },
          { weight: 1, arbitrary: hostileString.map(headerSafe) },
        ),
        1,
        2,
      ),
      'accept-language': sometimes(fc.constantFrom('de', '*', 'xx;q=2'), 1, 10),
      'accept-encoding': sometimes(fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0'), 1, 10),
      'content-encoding': sometimes(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x'), 1, 20),
      'x-request-id': sometimes(
        fc.oneof(
          fc.constantFrom('req-1', '', 'x'.repeat(1000)),
          fc.string({ unit: 'binary-ascii', maxLength: 30 }).map(headerSafe),
        ),
        1,
        10,
      ),
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

export function requestArb(h: Harness, operation: Operation): fc.Arbitrary<FuzzRequest> {
  // HEAD is fuzzed where the document lists it (an operation of its own), and elsewhere by
  // tests/fuzz-undocumented.test.ts.
  return fc
    .record({
      method: fc.constant(operation.method),
      path: pathArb(h, operation),
      query: queryArb(h, operation),
      headers: headersArb(),
      auth: authArb(h),
      body: bodyArb(h, operation),
    })
    .map(({ method, path, query, headers, auth, body }) =>
      assemble(method, `${path}${query ? `?${query}` : ''}`, headers, auth, body),
    );
}

export function assemble(
  method: Method,
  url: string,
  headers: Record<string, string>,
  auth: string | undefined,
  body: Body,
): FuzzRequest {
  const all: Record<string, string> = { ...headers };
  if (auth !== undefined) all['authorization'] = auth;
  if (body.contentType !== undefined) all['content-type'] = body.contentType;
  return body.payload === undefined
    ? { method, url, headers: all }
    : { method, url, headers: all, payload: body.payload };
}
