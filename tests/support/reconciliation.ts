import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './app.js';

/**
 * The W3C Reconciliation API 0.2 JSON schemas and example query batches, vendored under
 * tests/fixtures/reconciliation-0.2/ (see its README for source and license), and the requests
 * OpenRefine 3.x sends.
 */

const fixtures = new URL('../fixtures/reconciliation-0.2/', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, fixtures), 'utf8'));

const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
for (const file of readdirSync(new URL('schemas/', fixtures))) {
  const schema = readJson(`schemas/${file}`);
  if (!isObject(schema)) throw new Error(`${file} is not a schema`);
  ajv.addSchema(schema);
}
// The manifest's `authentication` refers to Swagger 2's security definitions; we offer none, so any object will do.
ajv.addSchema({
  $id: 'http://swagger.io/v2/schema.json',
  definitions: { securityDefinitions: { additionalProperties: { type: 'object' } } },
});

export type SpecSchema =
  | 'manifest'
  | 'reconciliation-query-batch'
  | 'reconciliation-result-batch'
  | 'suggest-entities-response'
  | 'suggest-properties-response'
  | 'suggest-types-response';

/** Validates against one of the spec's schemas; fails the test with ajv's words. */
export function expectSpec(schema: SpecSchema, value: unknown) {
  const id = `https://reconciliation-api.github.io/specs/0.2/schemas/${schema === 'reconciliation-query-batch' ? 'reconciliation-query' : schema}.json`;
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`no schema ${id}`);
  const ok = validate(value);
  expect(ok, `${schema}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** The spec's own example batches: valid ones by name, and the invalid ones. */
export const exampleBatches = (valid: boolean) =>
  readdirSync(new URL('examples/', fixtures))
    .filter((f) => f.startsWith('invalid-') !== valid)
    .map((f) => ({ name: f, text: readFileSync(new URL(`examples/${f}`, fixtures), 'utf8') }));

/** What OpenRefine 3.x sends to reconcile a column: a form POST with the batch as JSON in `queries`. */
export function postQueries(t: Pick<TestApp, 'app'>, batch: string | object, extra = '') {
  const json = typeof batch === 'string' ? batch : JSON.stringify(batch);
  return t.app.inject({
    method: 'POST',
    url: '/reconcile',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: 'application/json' },
    payload: `queries=${encodeURIComponent(json)}${extra}`,
  });
}

export interface Candidate {
  id: string;
  name: string;
  score: number;
  match: boolean;
  features: { id: string; value: boolean | number }[];
}

export function results(res: LightMyRequestResponse): Record<string, { result: Candidate[] }> {
  expect(res.statusCode, res.body).toBe(200);
  const body: unknown = res.json();
  expectSpec('reconciliation-result-batch', body);
  return res.json<Record<string, { result: Candidate[] }>>();
}
