// Property-based fuzzing of the proof operations (log, integrity, checkpoints, documents, JWKS)
// (grouped by groupOf in tests/support/fuzz-spec.ts): hostile requests generated from the app's
// own OpenAPI document never get a 5xx, every error is an RFC 9457 problem document without
// internals, and a refused request writes nothing.
import { fuzzGroup } from './support/fuzz-exercise.js';

fuzzGroup('proofs');
