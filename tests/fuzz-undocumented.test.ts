// What the OpenAPI document does not list: unknown methods and paths, and the routes it hides
// (/openapi.json, /docs and its static files), fuzzed with the same properties as the rest.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { bodyArb } from './support/fuzz-body.js';
import { describeExchange, exercise } from './support/fuzz-exercise.js';
import { harness, ids } from './support/fuzz-harness.js';
import { assemble, authArb, headersArb } from './support/fuzz-request.js';
import { operations, RUNS_UNDOCUMENTED, TEST_TIMEOUT_MS, type Method, type Operation } from './support/fuzz-spec.js';
import { hostileString, pct } from './support/fuzz-values.js';

describe('fuzzing: hostile requests never get a 5xx, errors are problem documents, refusals write nothing', () => {
  it(
    'undocumented methods, unknown paths and the hidden routes (/openapi.json, /docs)',
    async () => {
      const h = await harness();
      const templates = [...new Set(operations.map((o) => o.path))];
      const filled = fc
        .tuple(
          fc.constantFrom(...templates),
          ids(h, 'any').valid,
          fc.constantFrom('', '/', '/x', '/revisions/1/x', '//', '/..', '/%2e%2e'),
        )
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
      const randomPath = fc
        .array(hostileString.map(pct), { minLength: 1, maxLength: 4 })
        .map((parts) => `/${parts.join('/')}`);
      const path = fc.oneof(
        { weight: 3, arbitrary: filled },
        { weight: 3, arbitrary: hidden },
        { weight: 1, arbitrary: randomPath },
      );
      const method = fc.constantFrom<Method>(
        'GET',
        'HEAD',
        'POST',
        'PUT',
        'PATCH',
        'DELETE',
        'OPTIONS',
        'TRACE',
        'PROPFIND',
        'QUERY',
      );
      const anyOperation: Operation = {
        method: 'POST',
        path: '/',
        op: { requestBody: { content: { 'application/json': {} } } },
      };
      const req = fc
        .record({ method, path, headers: headersArb(), auth: authArb(h), body: bodyArb(h, anyOperation) })
        .map(({ method: m, path: p, headers, auth, body }) =>
          assemble(m, p, headers, auth, m === 'GET' || m === 'HEAD' ? {} : body),
        );
      await fc.assert(
        fc.asyncProperty(req, (r) =>
          exercise(h, r, (res) => {
            // The static files of /docs must stay inside their folder.
            if (res.body.includes('"devDependencies"'))
              throw new Error(`static file traversal: ${describeExchange(r, res)}`);
          }),
        ),
        { numRuns: RUNS_UNDOCUMENTED },
      );
    },
    TEST_TIMEOUT_MS,
  );
});
