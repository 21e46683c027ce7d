/** The properties every fuzzed exchange must have, checked on one request at a time. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { harness, remember, type Harness } from './fuzz-harness.js';
import { requestArb, type FuzzRequest } from './fuzz-request.js';
import { operationsIn, RUNS_PER_OPERATION, TEST_TIMEOUT_MS, type Operation, type OperationGroup } from './fuzz-spec.js';

const cut = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

export function describeExchange(req: FuzzRequest, res: LightMyRequestResponse): string {
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

export async function exercise(
  h: Harness,
  req: FuzzRequest,
  extra?: (res: LightMyRequestResponse) => void,
): Promise<void> {
  const before = h.fingerprint();
  const res = await h.t.app.inject(
    req.payload === undefined
      ? { method: req.method, url: req.url, headers: req.headers }
      : { method: req.method, url: req.url, headers: req.headers, payload: req.payload },
  );
  const fail = (why: string) => {
    throw new Error(`${why}\n  ${describeExchange(req, res)}`);
  };
  if (res.statusCode >= 500) fail('server error');
  if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys)
    fail('Object.prototype was polluted');
  extra?.(res);
  if (res.statusCode === 201 && String(res.headers['content-type']).startsWith('application/json'))
    remember(h.fx, res.json<unknown>());
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
    if (typeof problem.type !== 'string' || typeof problem.title !== 'string' || typeof problem.detail !== 'string')
      fail('problem lacks type, title or detail');
    if (problem.status !== res.statusCode) fail('problem status differs from the HTTP status');
    if (/\bat .+:\d+:\d+/.test(res.body)) fail('problem leaks a stack frame');
    if (res.body.includes('node_modules')) fail('problem leaks node_modules');
  }
  if (h.fingerprint() !== before) fail('a refused request changed the database');
}

/** `RUNS_PER_OPERATION` requests for one operation, on a fresh app with a few resources to aim at. */
export async function fuzzOperation(operation: Operation): Promise<void> {
  const h = await harness();
  await fc.assert(
    fc.asyncProperty(requestArb(h, operation), (req) => exercise(h, req)),
    { numRuns: RUNS_PER_OPERATION },
  );
}

/** One test per operation of a group (fuzz-spec.ts groupOf): each group is a file, so files run side by side. */
export function fuzzGroup(group: OperationGroup): void {
  describe('fuzzing: hostile requests never get a 5xx, errors are problem documents, refusals write nothing', () => {
    for (const operation of operationsIn(group)) {
      it(`${operation.method} ${operation.path}`, () => fuzzOperation(operation), TEST_TIMEOUT_MS);
    }
  });
}
