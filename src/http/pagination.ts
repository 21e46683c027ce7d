import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalidField } from './problem.js';

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1-200, default 50).'),
  cursor: z.string().max(200).optional().describe('Opaque cursor from a previous page\'s `nextCursor`.'),
};

export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
    })
    .meta({ id });
}

/** Cursors are opaque to clients: base64url JSON of the last key seen. */
export function encodeCursor(key: number): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const k = z.object({ k: z.number().int().min(0) }).parse(parsed).k;
    return k;
  } catch {
    throw invalidField('query', 'cursor', 'is not a cursor this API issued');
  }
}

/** Adds `Link: <...>; rel="next"` (RFC 8288) built from the request's own URL. */
export function setNextLink(request: FastifyRequest, reply: FastifyReply, nextCursor: string | null) {
  if (!nextCursor) return;
  const url = new URL(request.url, 'http://placeholder');
  url.searchParams.set('cursor', nextCursor);
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
}

/** Takes limit+1 rows; returns the page and the cursor of its last row if more exist. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;
  return { items, nextCursor };
}
