// Property-based fuzzing of a statement's timeline operations (events, signatures, signatories)
// (grouped by groupOf in tests/support/fuzz-spec.ts): hostile requests generated from the app's
// own OpenAPI document never get a 5xx, every error is an RFC 9457 problem document without
// internals, and a refused request writes nothing.
import { describe, it } from 'vitest';
import { fuzzOperation } from './support/fuzz-exercise.js';
import { operationsIn, TEST_TIMEOUT_MS } from './support/fuzz-spec.js';

describe('fuzzing: hostile requests never get a 5xx, errors are problem documents, refusals write nothing', () => {
  for (const operation of operationsIn('timeline')) {
    it(`${operation.method} ${operation.path}`, () => fuzzOperation(operation), TEST_TIMEOUT_MS);
  }
});
