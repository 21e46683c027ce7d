// The typed client for the Undersigned API: types generated from openapi/openapi.json by
// openapi-typescript (`npm run client`), requests by openapi-fetch, and the helpers every
// admin script needs.
export { createUndersignedClient, type ClientOptions, type UndersignedClient } from './client.js';
export { allPages, collectPages, type Page } from './pages.js';
export { idempotencyKey, idempotent, type RetryOptions, type Written } from './idempotency.js';
export { readModifyWrite, type ReadModifyWrite, type Updated } from './if-match.js';
export {
  ProblemError,
  isProblem,
  isProblemError,
  isProblemType,
  unwrap,
  type Problem,
  type ProblemSlug,
  type ProblemType,
  type Result,
} from './problems.js';
export type { components, operations, paths } from './schema.js';
