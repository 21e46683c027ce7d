/** Request bodies: valid ones from the schema, one field made wrong, malformed JSON, wrong types. */
import fc from 'fast-check';
import type { Harness } from './fuzz-harness.js';
import { importTexts } from './fuzz-import-text.js';
import { fromSchema } from './fuzz-schema.js';
import { schemaOf, type Operation } from './fuzz-spec.js';
import { hostileString, mix } from './fuzz-values.js';

/** A value of the wrong type or shape, for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      2 ** 53 + 2,
      '',
      ' ',
      [],
      {},
      [[[]]],
      { $gt: '' },
      '1',
      'null',
      'true',
      ['a'],
    ),
  },
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown),
  },
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

const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'unknownField',
  'name_en',
  'id',
  'revision',
  'createdAt',
  'deletedAt',
  'seq',
  'status',
  '',
];
const EXTRA_VALUES = [
  '{"polluted":"yes","isAdmin":true}',
  '{"prototype":{"polluted":"yes"}}',
  '1',
  'null',
  '"x"',
  '[]',
];

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

export interface Body {
  contentType?: string;
  payload?: string;
}

export function bodyArb(h: Harness, operation: Operation): fc.Arbitrary<Body> {
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
    {
      weight: 1,
      arbitrary: fc.anything({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown),
    },
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
          kind === 'array'
            ? '['.repeat(n) + ']'.repeat(n)
            : kind === 'object'
              ? `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`
              : `{"${topKeys[0] ?? 'name'}":${'['.repeat(n)}${']'.repeat(n)}}`,
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1024 * 1024 - 20, max: 1024 * 1024 + 20 })
        .map((n) => JSON.stringify({ [topKeys[0] ?? 'name']: 'x'.repeat(n) })),
    },
  );
  const right = [
    ...(documented.length ? documented : ['application/json']),
    ...(operation.method === 'PATCH' ? ['application/merge-patch+json'] : []),
    'application/json; charset=utf-8',
  ];
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
          {
            weight: 1,
            arbitrary: fc.integer({ min: 10 * 1024 * 1024 - 10, max: 10 * 1024 * 1024 + 10 }).map((n) => 'x'.repeat(n)),
          },
        )
      : jsonText;
    return text.map((payload): Body => (ct === undefined ? { payload } : { contentType: ct, payload }));
  });
  const empty = fc.constantFrom<Body>(
    {},
    { contentType: 'application/json' },
    { contentType: 'application/json', payload: '' },
    { contentType: 'text/plain', payload: '' },
  );
  if (!operation.op.requestBody) {
    return fc.oneof(
      { withCrossShrink: true },
      { weight: 12, arbitrary: fc.constant<Body>({}) },
      { weight: 1, arbitrary: withBody },
      { weight: 1, arbitrary: empty },
    );
  }
  return fc.oneof({ weight: 20, arbitrary: withBody }, { weight: 1, arbitrary: empty });
}
