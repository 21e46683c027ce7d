import type { DomainCode } from '../lib/domain-error.js';

/**
 * Every problem type the API sends, with its status and what it means. The Problem schema's
 * `type` is an enum of these, so a client can switch on it; the errors table of docs/api.md lists them.
 */
export const PROBLEM_TYPES = {
  'validation-error': { status: 400, meaning: 'A field fails its schema; `errors` names each one.' },
  'malformed-json': { status: 400, meaning: 'The body is not valid JSON.' },
  'malformed-request': {
    status: 400,
    meaning: 'The request is not valid HTTP/1.1 (request line or headers unreadable).',
  },
  'invalid-content-length': { status: 400, meaning: 'Content-Length is not a number, or does not match the body.' },
  'bad-url': { status: 400, meaning: 'The URL is not validly percent-encoded.' },
  'bad-request': { status: 400, meaning: 'The framework refused the request for another reason, given in `detail`.' },
  'invalid-signatories': { status: 400, meaning: 'An event names an organization twice, or one that does not exist.' },
  'unparseable-document': {
    status: 400,
    meaning:
      'An imported document could not be read as a published list, or a page, PDF or Word document could not be read at all (no list in it, not a PDF, encrypted, no text layer); `detail` says which.',
  },
  'missing-as-of': { status: 400, meaning: 'An imported document gives no "as of" date and none was passed.' },
  'as-of-in-future': { status: 400, meaning: 'An event is dated after tomorrow (UTC).' },
  'invalid-versions': { status: 400, meaning: "A statement's language versions repeat a language, or its own." },
  'graph-too-large': {
    status: 400,
    meaning:
      "The whole co-signature graph would count more pairs of organizations than one read may (100,000); read one organization's cosigners or two statements' overlap instead.",
  },
  'invalid-cosignature': {
    status: 400,
    meaning:
      "A co-signed tree head lacks this server's signature or a configured witness's, or names a tree this log never had; `errors` says which.",
  },
  'unknown-document': {
    status: 400,
    meaning: 'An event names a document (by SHA-256) that is not kept: upload it first (`POST /v1/documents`).',
  },
  'document-disagrees': {
    status: 400,
    meaning:
      'An event names a document that gives another list: not dated as the event, or not printing a signatory the event adds; `errors` says how.',
  },
  unauthenticated: { status: 401, meaning: 'No valid API key was sent.' },
  forbidden: { status: 403, meaning: "The key's role may not do this." },
  'not-found': { status: 404, meaning: 'The resource does not exist.' },
  'route-not-found': { status: 404, meaning: 'No route matches the path.' },
  'method-not-allowed': {
    status: 405,
    meaning: 'The path exists but does not take this method; `Allow` lists those it takes.',
  },
  'not-acceptable': {
    status: 406,
    meaning: 'The representation asked for in Accept is served elsewhere (`detail` says where).',
  },
  'signatory-conflict': {
    status: 409,
    meaning: 'An event contradicts the list at its own date, as known now; `asOf` and `errors` say how.',
  },
  'key-name-taken': { status: 409, meaning: 'An API key of that name exists already.' },
  'duplicate-organization': {
    status: 409,
    meaning:
      'The organization exists already (same name, or abbreviation, and country); `existing` is its id. `allowDuplicate=true` creates it anyway.',
  },
  'ambiguous-match': {
    status: 409,
    meaning:
      "An import's entries match no organization for certain: several could be meant, or names agree only with organizations of other countries than the one printed. `ambiguous` lists each entry (`number`, `line`, `lines`, `printedAs`, `countries`) with its `candidates` (`organizationId`, `reason`, `country`, `name`), `errors` names their lines; nothing was written. Create the organization meant in the printed country and import again, or decide each (`?decide=LINE=org_…|new`, `?ambiguous=new`; on the command line `--decide`, `--ambiguous`).",
  },
  'identifier-taken': {
    status: 409,
    meaning: 'Another organization holds this identifier (`existing` is its id); `errors` names each identifier.',
  },
  'merge-refused': {
    status: 409,
    meaning:
      'The merge or unmerge cannot be made: into itself, into (or of) an organization merged already, or an unmerge of one not merged; `errors` says which.',
  },
  'organization-merged': {
    status: 409,
    meaning: 'The organization was merged into another (`mergedInto`): change that one instead.',
  },
  'proposal-decided': {
    status: 409,
    meaning: 'The proposal was accepted, rejected or superseded already (`proposalStatus` says which).',
  },
  gone: { status: 410, meaning: 'The resource was deleted; its revisions remain readable.' },
  'precondition-failed': {
    status: 412,
    meaning: "If-Match does not name the current revision (the response's ETag does), or is weak.",
  },
  'body-too-large': {
    status: 413,
    meaning:
      'The body is over the limit: 1 MiB; for imports 10 MiB of text, HTML or JSON, 25 MiB of PDF or Word document.',
  },
  'job-too-large': {
    status: 413,
    meaning:
      'The list needed more memory than the import worker may use (1.5 GB of heap): nothing was written. Send it in parts (several imports or events), or import it with the CLI.',
  },
  'uri-too-long': { status: 414, meaning: 'A path parameter is longer than 100 characters.' },
  'unsupported-media-type': { status: 415, meaning: 'The body is of a media type this operation does not take.' },
  'idempotency-key-reused': { status: 422, meaning: 'The Idempotency-Key was used before with another request.' },
  'precondition-required': { status: 428, meaning: 'The write needs If-Match with the ETag you read.' },
  'rate-limited': { status: 429, meaning: 'Too many requests; `Retry-After` says when to try again.' },
  'headers-too-large': { status: 431, meaning: 'The request headers are too large.' },
  'internal-error': { status: 500, meaning: 'A fault on our side, logged under the request id.' },
  'database-unavailable': { status: 503, meaning: 'The database cannot be reached.' },
  'storage-full': {
    status: 503,
    meaning:
      "The server's disk is full: the change was not made, nothing of it written. `Retry-After` says when to try again; `/health` says `degraded` meanwhile.",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

/** Every code the domain refuses with must be a problem type the contract lists. */
export const domainCodeIsListed = (code: DomainCode): ProblemSlug => code;

export function problemType(slug: ProblemSlug): `urn:undersigned:problem:${ProblemSlug}` {
  return `urn:undersigned:problem:${slug}`;
}

const isSlug = (name: string): name is ProblemSlug => name in PROBLEM_TYPES;
export const PROBLEM_SLUGS: ProblemSlug[] = Object.keys(PROBLEM_TYPES).filter(isSlug);
export const PROBLEM_TYPE_URNS = PROBLEM_SLUGS.map(problemType);

/** The slug for a framework error that has only a status. */
export function slugForStatus(status: number): ProblemSlug {
  if (status === 400) return 'bad-request';
  return PROBLEM_SLUGS.find((slug) => PROBLEM_TYPES[slug].status === status) ?? 'bad-request';
}
