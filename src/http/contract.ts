import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { statusTitle } from './problem.js';

/**
 * What the OpenAPI document says beyond the routes' zod schemas: the headers each response
 * carries, a description for every response, and request headers that must be sent though the
 * server answers their absence itself (If-Match: 428, not a validation error).
 */

export const RESPONSE_HEADERS = {
  etag: 'A strong validator of this representation: send it back in If-None-Match (reads) or If-Match (writes).',
  location: 'Where the created resource (or the recorded event) is.',
  link: 'RFC 8288 links: the next page (`rel="next"`), while there is more; the same data as a web page or as JSON (`rel="alternate"` with its `type`).',
  'cache-control':
    'How long caches may keep this answer: forever for what can never change, briefly (with revalidation) for the latest state.',
  xkey: 'Surrogate keys of this answer, space-separated (e.g. `statement:{id}`, `organizations`): a shared cache (Varnish with xkey) purges by them when a change makes the answer stale. Of no use to other clients.',
  'idempotent-replayed':
    '`true` when this is the recorded response of an earlier request with the same Idempotency-Key.',
  'retry-after': 'Seconds to wait before trying again.',
  'ratelimit-limit': 'Requests allowed per window for this client (IETF RateLimit header fields).',
  'ratelimit-remaining': 'Requests left in this window.',
  'ratelimit-reset': 'Seconds until the window resets.',
  'x-request-id':
    'The request id (yours, when you sent a short, safe one): it is in the server log line of this request.',
  'www-authenticate': 'The authentication scheme: Bearer, realm "undersigned".',
  allow: 'The methods this path takes.',
  'content-language':
    'The language of the title and body shown (BCP 47): the version asked for with `lang` or Accept-Language, else the original.',
  'content-digest': "RFC 9530: `sha-256=:…:`, the SHA-256 of the body (base64), which is also the document's name.",
  digest: 'RFC 3230 (superseded by Content-Digest, kept for older clients): `SHA-256=…` (base64).',
  'content-disposition': 'The file name the document was uploaded or fetched as, when known.',
} as const;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

declare module 'fastify' {
  interface FastifySchema {
    /** Headers the route's responses carry, by status, besides those every response carries. */
    responseHeaders?: Partial<Record<number, readonly ResponseHeaderName[]>>;
    /** Request headers the route needs, answered by the route itself when absent (If-Match: 428). */
    requiredHeaders?: readonly string[];
  }
}

/**
 * Spread into a GET's route options: it answers HEAD as well, documented as an operation of its
 * own (the same statuses and headers, no body). Every read whose answer carries an ETag or a Link
 * takes it (the ETag to send in If-Match, the next page, the other representations, a document's
 * size and digest), and /health (monitors); tests/contract.test.ts holds to that rule. Other
 * reads answer HEAD with 405: their headers say nothing, and HEAD runs the whole GET.
 */
export const ANSWERS_HEAD = { exposeHeadRoute: true, config: { swagger: { exposeHeadRoute: true } } } as const;

/** Headers a cached read sends: its validator and how long it may be kept. */
const VALIDATED = ['etag', 'cache-control', 'xkey'] as const;

/** The headers routes of one shape send, to name in a route's `responseHeaders`. */
export const HEADERS = {
  cachedRead: { 200: VALIDATED, 304: VALIDATED },
  pagedRead: { 200: [...VALIDATED, 'link'], 304: [...VALIDATED, 'link'] },
  created: { 201: ['location', 'etag', 'idempotent-replayed'] },
  changed: { 200: ['etag'] },
} as const satisfies Record<string, Partial<Record<number, readonly ResponseHeaderName[]>>>;

const RATE_LIMITED: readonly ResponseHeaderName[] = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'];
const BY_STATUS: Record<number, readonly ResponseHeaderName[]> = {
  401: ['www-authenticate'],
  412: ['etag'],
  429: ['retry-after'],
  503: ['retry-after'],
};
/** Paths the rate limit never applies to (container health checks). */
const UNLIMITED = new Set(['/health']);
const PROBLEM = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function headerObjects(names: readonly ResponseHeaderName[]): Json {
  return Object.fromEntries(names.map((name) => [name, { type: 'string', description: RESPONSE_HEADERS[name] }]));
}

function describe(status: string, summary: unknown): string {
  const code = Number(status);
  const title = statusTitle(code);
  if (code === 304) return 'Not Modified: the representation named in If-None-Match is current; no body.';
  if (code === 204) return 'No Content: done.';
  return code < 300 && typeof summary === 'string'
    ? `${title}: ${summary.charAt(0).toLowerCase()}${summary.slice(1)}.`
    : title;
}

/**
 * Statuses the framework and the shared hooks send on any route of a kind, so no route lists
 * them by hand: 400 (an input fails its schema, or the query string is not percent-encoded), 413/415 (a body too large or of another type;
 * a DELETE with a body gets them too), 503 on writes (the disk is full), 414 (a path parameter
 * too long), 429 (rate limit).
 */
function frameworkStatuses(method: string, url: string): number[] {
  const statuses: number[] = [];
  const writes = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
  // Any URL may carry a query string that is not validly percent-encoded: 400 bad-url, everywhere.
  statuses.push(400);
  // 503 storage-full: a write on a full disk.
  if (writes) statuses.push(413, 415, 503);
  if (url.includes(':')) statuses.push(414);
  if (!UNLIMITED.has(url)) statuses.push(429);
  return statuses;
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/**
 * A body with a schema per media type (`body: {content: {type: {schema}}}`, which Fastify
 * validates by the request's type): each zod schema turned into JSON Schema as a body of its own,
 * since the type provider's transform takes a body to be one zod schema.
 */
function transformWithContent(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const body: unknown = input.schema?.body;
  const content = isObject(body) && isObject(body['content']) ? body['content'] : null;
  if (!content) return jsonSchemaTransform(input);
  const { body: _body, ...rest } = input.schema ?? {};
  const output = jsonSchemaTransform({ ...input, schema: rest });
  const media = Object.entries(content).map(([type, entry]) => {
    const schema = isObject(entry) ? entry['schema'] : undefined;
    const converted: unknown = jsonSchemaTransform({ ...input, schema: { body: schema } }).schema;
    return [type, { schema: isObject(converted) ? converted['body'] : undefined }];
  });
  return isObject(output.schema)
    ? { ...output, schema: { ...output.schema, body: { content: Object.fromEntries(media) } } }
    : output;
}

export function contractTransform(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const output = transformWithContent(input);
  const original = input.schema;
  const schema: unknown = output.schema;
  if (!isObject(schema)) return output;
  const declared = original?.responseHeaders ?? {};
  delete schema['responseHeaders'];
  delete schema['requiredHeaders'];
  const method = [input.route.method].flat()[0] ?? 'GET';
  const response = isObject(schema['response']) ? schema['response'] : (schema['response'] = {});
  if (isObject(response)) {
    for (const status of frameworkStatuses(method, input.url)) {
      if (!(String(status) in response))
        response[String(status)] = { description: statusTitle(status), ...structuredClone(PROBLEM) };
    }
    const every: readonly ResponseHeaderName[] = UNLIMITED.has(input.url)
      ? ['x-request-id']
      : ['x-request-id', ...RATE_LIMITED];
    for (const [status, value] of Object.entries(response)) {
      if (!isObject(value)) continue;
      const names = [...every, ...(BY_STATUS[Number(status)] ?? []), ...(declared[Number(status)] ?? [])];
      value['headers'] = headerObjects([...new Set(names)]);
      // @fastify/swagger takes a response's description from here; "Default Response" says nothing.
      if (
        typeof value['description'] !== 'string' ||
        value['description'] === '' ||
        value['description'] === 'Default Response'
      ) {
        value['description'] = describe(status, schema['summary']);
      }
    }
  }
  // A read that can answer 304 takes If-None-Match; the shared ETag hook reads it, no schema does.
  if (isObject(response) && '304' in response) {
    const headers = isObject(schema['headers'])
      ? schema['headers']
      : (schema['headers'] = { type: 'object', properties: {} });
    if (isObject(headers) && isObject(headers['properties'])) {
      headers['properties']['if-none-match'] = {
        type: 'string',
        description: 'The ETag you hold: 304 with no body while it is current.',
      };
    }
  }
  const required = original?.requiredHeaders ?? [];
  const headers = schema['headers'];
  if (required.length > 0 && isObject(headers))
    headers['required'] = [
      ...new Set([...(Array.isArray(headers['required']) ? headers['required'] : []), ...required]),
    ];
  if (method === 'HEAD' && isObject(response)) headOf(schema, response);
  return output;
}

/**
 * The HEAD twin of a GET: its own operationId (@fastify/swagger's `getX-head` is no identifier
 * SDKs can use), and every response with the GET's headers and no body (RFC 9110 §9.3.2).
 */
function headOf(schema: Json, response: Json): void {
  const id =
    typeof schema['operationId'] === 'string'
      ? schema['operationId'].replace(/-head$/, '').replace(/^get(?=[A-Z])/, '')
      : '';
  schema['operationId'] = `head${id.charAt(0).toUpperCase()}${id.slice(1)}`;
  if (typeof schema['summary'] === 'string') schema['summary'] = `${schema['summary']}: headers only`;
  schema['description'] = 'The status and headers the GET of this path answers, without its body.';
  for (const [status, value] of Object.entries(response)) {
    if (isObject(value))
      response[status] = { type: 'null', description: value['description'], headers: value['headers'] };
  }
}

const CANONICAL: Record<string, string> = {
  etag: 'ETag',
  'www-authenticate': 'WWW-Authenticate',
  'x-request-id': 'X-Request-Id',
};
for (const name of ['limit', 'remaining', 'reset'])
  CANONICAL[`ratelimit-${name}`] = `RateLimit-${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** Every response header once, under components.headers, and referred to from each response. */
export function shareHeaders(doc: Json): void {
  const components = isObject(doc['components']) ? doc['components'] : (doc['components'] = {});
  if (!isObject(components)) return;
  const shared: Json = {};
  const paths = isObject(doc['paths']) ? Object.values(doc['paths']) : [];
  for (const operation of paths.flatMap((path) => (isObject(path) ? Object.values(path) : []))) {
    const responses =
      isObject(operation) && isObject(operation['responses']) ? Object.values(operation['responses']) : [];
    for (const response of responses) {
      if (!isObject(response) || !isObject(response['headers'])) continue;
      for (const [name, header] of Object.entries(response['headers'])) {
        const component =
          CANONICAL[name] ??
          name
            .split('-')
            .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
            .join('-');
        shared[component] = header;
        response['headers'][name] = { $ref: `#/components/headers/${component}` };
      }
    }
  }
  components['headers'] = Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b)));
}
