import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalidField } from './problem.js';

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1-200, default 50).'),
  cursor: z.string().max(200).optional().describe("Opaque cursor from a previous page's `nextCursor`."),
};

/** A list's free-text `q`: one to 200 characters; what it searches is the list's to say. */
export const searchQuery = (description: string) => z.string().trim().min(1).max(200).optional().describe(description);

export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
    })
    .meta({ id });
}

/**
 * Cursors are opaque to clients: base64url JSON of the last key seen and what kind of key it is
 * (a sequence number, or an offset into ranked search results), so a cursor cannot be replayed
 * against a listing it did not come from.
 */
export type CursorKind = 'seq' | 'rank' | 'position';

export function encodeCursor(key: number, kind: CursorKind = 'seq'): string {
  return Buffer.from(JSON.stringify({ k: key, t: kind })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, kind: CursorKind = 'seq'): number | undefined {
  if (cursor === undefined) return undefined;
  let parsed: { k: number; t: string } | undefined;
  try {
    parsed = z
      .object({ k: z.number().int().min(0), t: z.string() })
      .parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidField('query', 'cursor', 'is not a cursor this API issued');
  }
  if (parsed.t !== kind) throw invalidField('query', 'cursor', 'belongs to a different listing');
  return parsed.k;
}

/** `Link: <...>; rel="next"` (RFC 8288) built from the request's own URL, while there is more. */
export function nextLinkHeader(request: FastifyRequest, nextCursor: string | null): Record<string, string> {
  if (!nextCursor) return {};
  const url = new URL(request.url, 'http://placeholder');
  url.searchParams.set('cursor', nextCursor);
  return { link: `<${url.pathname}${url.search}>; rel="next"` };
}

export function setNextLink(request: FastifyRequest, reply: FastifyReply, nextCursor: string | null) {
  reply.headers(nextLinkHeader(request, nextCursor));
}

/** Takes limit+1 rows; returns the page and the cursor of its last row if more exist. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => number, kind: CursorKind = 'seq') {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last), kind) : null;
  return { items, nextCursor };
}

/**
 * Keyset pagination in creation order, or, when searching, offset pagination in rank order
 * (ranks have no stable key). Returns the page and its next cursor.
 */
export function listPage<T>(
  cursor: string | undefined,
  limit: number,
  ranked: boolean,
  fetch: (from: { after?: number; offset?: number }) => T[],
  seqOf: (row: T) => number,
) {
  if (ranked) {
    const offset = decodeCursor(cursor, 'rank') ?? 0;
    return toPage(fetch({ offset }), limit, () => offset + limit, 'rank');
  }
  const after = decodeCursor(cursor, 'seq');
  return toPage(fetch(after === undefined ? {} : { after }), limit, seqOf, 'seq');
}
