import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';

/**
 * Every response the test suite produces is checked against the committed openapi/openapi.json:
 * its status must be documented for the operation, its headers declared, its media type listed
 * and its body valid against the schema. makeApp installs the check on every test app.
 */

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  headers?: Record<string, unknown>;
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
}

const doc: Doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'));

// ajv-formats is CommonJS with a default export; under NodeNext the function is on .default.
const addFormats = 'default' in addFormatsModule ? addFormatsModule.default : addFormatsModule;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(doc, 'openapi.json');

/** Headers of transport and of helmet's fixed security set: not part of any operation's contract. */
const TRANSPORT = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
const validators = new Map<string, ValidateFunction>();
export function validatorFor(ref: string): ValidateFunction {
  let found = validators.get(ref);
  if (!found) validators.set(ref, (found = ajv.compile({ $ref: ref })));
  return found;
}

const PROBLEM_REF = 'openapi.json#/components/schemas/Problem';

export interface ObservedResponse {
  method: string;
  /** The route's path pattern (`/v1/organizations/:id`), or undefined when no route matched. */
  route: string | undefined;
  url: string;
  status: number;
  headers: Record<string, unknown>;
  /** The body, when it is text; null for a stream. */
  body: string | null;
  /** A route the document leaves out on purpose (/docs, /openapi.json, CORS preflight). */
  hidden: boolean;
}

/** What is wrong with one response, in words; empty when it keeps the contract. */
export function violations(response: ObservedResponse): string[] {
  const where = `${response.method} ${response.url} → ${response.status}`;
  const out: string[] = [];
  const contentType =
    String(response.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim() ?? '';
  if (response.hidden) return out;
  if (response.route === undefined) {
    // No operation (unknown path, or a method the path does not take): a problem document.
    if (contentType !== 'application/problem+json')
      out.push(`${where}: ${contentType || 'no content type'}, not problem+json`);
    else if (response.body !== null && !validatorFor(PROBLEM_REF)(JSON.parse(response.body)))
      out.push(`${where}: not a Problem: ${ajv.errorsText(validatorFor(PROBLEM_REF).errors)}`);
    return out;
  }
  const path = response.route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  const method = response.method.toLowerCase();
  const operation = doc.paths[path]?.[method];
  if (!operation) return [`${where}: ${method.toUpperCase()} ${path} is not in the OpenAPI document`];
  const documented = operation.responses[String(response.status)];
  if (!documented) return [`${where}: status ${response.status} is not documented for ${method.toUpperCase()} ${path}`];
  for (const name of Object.keys(response.headers)) {
    const lower = name.toLowerCase();
    if (!TRANSPORT.has(lower) && !lower.startsWith('access-control-') && !(lower in (documented.headers ?? {})))
      out.push(`${where}: header ${lower} is not documented`);
  }
  // A HEAD answer is the GET's headers; the body the hooks see is never sent.
  if (method === 'head') return out;
  const content = documented.content ?? {};
  const hasBody = response.body !== null && response.body !== '';
  if (!hasBody) {
    if (response.body === null && !(contentType in content))
      out.push(`${where}: streamed ${contentType} is not documented`);
    return out;
  }
  if (!(contentType in content))
    return [
      ...out,
      `${where}: media type ${contentType} is not documented (${Object.keys(content).join(', ') || 'no body'})`,
    ];
  if (contentType.endsWith('json') && response.body !== null) {
    const validate = validatorFor(
      `openapi.json#/${pointer('paths', path, method, 'responses', String(response.status), 'content', contentType, 'schema')}`,
    );
    if (!validate(JSON.parse(response.body)))
      out.push(`${where}: body does not match the schema: ${ajv.errorsText(validate.errors)}`);
  }
  return out;
}

/** Checks every response the app sends against the contract when the test is done. */
export function keepToContract(app: FastifyInstance) {
  const seen: ObservedResponse[] = [];
  observeResponses(app, seen);
  onTestFinished(() => {
    const broken = [...new Set(seen.flatMap(violations))];
    if (broken.length > 0)
      throw new Error(`${broken.length} response(s) break the OpenAPI contract:\n${broken.slice(0, 20).join('\n')}`);
  });
}

/** Records every response the app sends. */
export function observeResponses(app: FastifyInstance, seen: ObservedResponse[]) {
  app.addHook('onSend', async (request, reply, payload) => {
    const body =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : payload === null || payload === undefined
            ? ''
            : null;
    const hidden = request.routeOptions.schema?.hide === true;
    seen.push({
      method: request.method,
      route: request.routeOptions.url,
      url: request.url,
      status: reply.statusCode,
      headers: { ...reply.getHeaders() },
      body,
      hidden,
    });
    return payload;
  });
}
