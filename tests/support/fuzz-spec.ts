/**
 * The fuzzer's budget and the operations it aims at: read from the OpenAPI document the running
 * app serves, so a new route is fuzzed without touching the fuzz tests.
 */
import { buildApp } from '../../src/app.js';
import { PROOF_SCALE, scaledRuns } from './proof-scale.js';

// ---------------------------------------------------------------------------------------------
// Budget at FUZZ_SCALE=1 (CI): about 30 000 requests, some 20 s on two cores
// (tests/support/proof-scale.ts: a quarter of that by default on a developer's machine).

/** Per documented operation, each on a fresh app with a few resources to aim at. */
export const RUNS_PER_OPERATION = scaledRuns(700);
/** All operations in one random sequence on one app, so that writes meet later reads. */
export const RUNS_INTERLEAVED = scaledRuns(6000);
/** Unknown methods and paths, and the routes the OpenAPI document hides. */
export const RUNS_UNDOCUMENTED = scaledRuns(1000);
export const TEST_TIMEOUT_MS = 120_000 * Math.max(PROOF_SCALE, 1);

// ---------------------------------------------------------------------------------------------
// The OpenAPI subset this file reads.

export interface JsonSchema {
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

export interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema>; parameters?: Record<string, Parameter> };
}

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'TRACE' | 'PROPFIND' | 'QUERY';
const METHODS: Record<string, Method> = {
  get: 'GET',
  head: 'HEAD',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  options: 'OPTIONS',
};

export interface Operation {
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

export const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
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

export const schemaOf = (s: JsonSchema) => resolveRef(s, spec.components?.schemas);
export const parametersOf = (op: OperationObject) =>
  (op.parameters ?? []).map((p) => resolveRef(p, spec.components?.parameters));

/**
 * The test file that fuzzes an operation, by its path; every operation falls in exactly one group
 * ('other' takes whatever no other group claims), so none goes unfuzzed.
 */
export type OperationGroup =
  'organizations' | 'statements' | 'timeline' | 'signatures' | 'keys-imports' | 'proofs' | 'subscriptions' | 'other';

export function groupOf(operation: Operation): OperationGroup {
  const p = operation.path;
  if (p.startsWith('/v1/organizations')) return 'organizations';
  if (/^\/v1\/statements\/\{id\}\/(events|snapshots|signatures|signatories)/.test(p)) return 'timeline';
  if (p.startsWith('/v1/statements')) return 'statements';
  if (p.startsWith('/v1/signatures')) return 'signatures';
  if (p.startsWith('/v1/keys') || p.startsWith('/v1/imports')) return 'keys-imports';
  // The rest in three files of about equal time, so that no one file is a long tail on two forks.
  if (/^\/(v1\/(log|integrity|checkpoints|documents)|\.well-known)/.test(p)) return 'proofs';
  if (/^\/v1\/(webhooks|sources|proposals)/.test(p)) return 'subscriptions';
  return 'other';
}

export const operationsIn = (group: OperationGroup) => operations.filter((operation) => groupOf(operation) === group);
