import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './problem.js';

/**
 * A strong validator per revision, and per variant (a statement shown in another language,
 * `"r3-de"`): a revision's representation never changes. If-Match compares the revision only.
 */
export const etagFor = (revision: number, variant?: string | null) =>
  variant ? `"r${revision}-${variant}"` : `"r${revision}"`;

/** The revision's own ETag of any variant's: `"r3-de"` -> `"r3"`. */
const revisionTag = (tag: string) => tag.replace(/^"(r\d+)-[^"]*"$/, '"$1"');

function parseList(header: string): string[] {
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The one conditional-GET test. RFC 9110 §13.1.2: If-None-Match uses weak comparison; `*` matches
 * any current representation.
 */
export function matchesIfNoneMatch(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  return parseList(header).some((tag) => tag.replace(/^W\//, '') === etag);
}

/** Conditional GET of a revision: sets ETag and answers true when the client's copy is current (send 304). */
export function notModified(
  request: FastifyRequest,
  reply: FastifyReply,
  revision: number,
  variant?: string | null,
): boolean {
  const etag = etagFor(revision, variant);
  reply.header('etag', etag);
  return matchesIfNoneMatch(request, etag);
}

/**
 * Optimistic concurrency for writes. Returns a predicate over the current revision, or throws 428
 * when the header is required and missing. Strong comparison (RFC 9110 §13.1.1): weak tags never
 * match.
 */
export function ifMatch(request: FastifyRequest, required: boolean): ((currentRevision: number) => boolean) | null {
  const header = request.headers['if-match'];
  if (!header) {
    if (!required) return null;
    throw new HttpProblem(
      428,
      'precondition-required',
      'This write needs an If-Match header with the ETag you last read (GET the resource first), so that it cannot overwrite a change you have not seen.',
    );
  }
  if (header.trim() === '*') return () => true;
  const tags = parseList(header);
  // An unquoted `r6` is not an entity tag (RFC 9110 §8.8.3): say how to send it, rather than
  // answer 412 "it is now at revision 6 (ETag "r6")", which reads as a contradiction.
  const unquoted = tags.find((tag) => !/^(W\/)?"[^"]*"$/.test(tag));
  if (unquoted !== undefined) {
    throw new HttpProblem(
      400,
      'validation-error',
      `If-Match holds ${unquoted}, which is not an entity tag: send it quoted, as the ETag header gives it, e.g. If-Match: "${unquoted.replace(/"/g, '')}".`,
      {
        errors: [
          {
            in: 'header',
            field: 'if-match',
            detail: `must be quoted entity tags, e.g. "${unquoted.replace(/"/g, '')}"`,
          },
        ],
      },
    );
  }
  const strong = tags.filter((tag) => !tag.startsWith('W/'));
  if (strong.length === 0) {
    // Otherwise the client would read "the resource has changed" about one that has not.
    throw new HttpProblem(
      412,
      'precondition-failed',
      `If-Match compares ETags strongly (RFC 9110 §13.1.1): a weak ETag such as ${tags[0] ?? 'W/"…"'} never matches. Send the ETag exactly as the resource sent it, e.g. "r1".`,
      { errors: [{ in: 'header', field: 'if-match', detail: 'holds only weak ETags, which never match' }] },
    );
  }
  return (current) => strong.map(revisionTag).includes(etagFor(current));
}

export function preconditionFailed(currentRevision: number) {
  return new HttpProblem(
    412,
    'precondition-failed',
    `The resource has changed since you read it: it is now at revision ${currentRevision} (ETag ${etagFor(currentRevision)}). Read it again and re-apply your change.`,
    { headers: { etag: etagFor(currentRevision) } },
  );
}
