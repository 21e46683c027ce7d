// Every documented operation in one random sequence on one app, so that the fuzzer's writes meet
// its later reads: still no 5xx, only problem documents, and no refused request writes anything.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { exercise } from './support/fuzz-exercise.js';
import { harness } from './support/fuzz-harness.js';
import { requestArb } from './support/fuzz-request.js';
import { operations, RUNS_INTERLEAVED, TEST_TIMEOUT_MS } from './support/fuzz-spec.js';

describe('fuzzing: hostile requests never get a 5xx, errors are problem documents, refusals write nothing', () => {
  it(
    'every operation interleaved on one app, aimed at what the fuzzer itself created',
    async () => {
      const h = await harness();
      await fc.assert(
        fc.asyncProperty(fc.oneof(...operations.map((operation) => requestArb(h, operation))), (req) =>
          exercise(h, req),
        ),
        { numRuns: RUNS_INTERLEAVED },
      );
    },
    TEST_TIMEOUT_MS,
  );
});
