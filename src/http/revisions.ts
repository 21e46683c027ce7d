import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Conn } from '../db/client.js';
import { getRevisionRow, listRevisionRows, type Resource } from '../db/revisions.js';
import type { revisions } from '../db/schema.js';
import { ANSWERS_HEAD } from './contract.js';
import { decodeCursor, encodeCursor, paginationQuery, setNextLink } from './pagination.js';
import { idParams, revisionParams } from './params.js';
import { notFound } from '../lib/domain-error.js';
import { problemResponses } from './problem.js';

type RevisionRow = typeof revisions.$inferSelect;

/** A stored revision as the API shows it; the state is re-read through the resource's schema. */
export function toRevision<S extends z.ZodType>(row: RevisionRow, stateSchema: S) {
  return {
    revision: row.revision,
    action: row.action,
    recordedAt: row.recordedAt,
    recordedBy: row.recordedBy,
    state: stateSchema.parse(row.state) as z.output<S>,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** `{stateSchema}Revision` and its page, as named components. */
export function revisionSchemas<S extends z.ZodType>(name: string, state: S) {
  const one = z
    .object({
      revision: z.number().int().min(1),
      action: z.enum(['create', 'update', 'delete']),
      recordedAt: z.iso.datetime(),
      recordedBy: z.string().describe('Name of the API key that made the change.'),
      state,
      prevHash: z.string().nullable().describe("The previous revision's hash (null for the first)."),
      hash: z
        .string()
        .nullable()
        .describe(
          'SHA-256 over the RFC 8785 JSON of this revision as stored (resource, resourceId, revision, action, recordedAt, recordedBy, state, prevHash): the hash its leaf in the log names (`/v1/log/entries?kind=…&subject=…&number=…`).',
        ),
    })
    .meta({ id: `${name}Revision` });
  const page = z.object({ items: z.array(one), nextCursor: z.string().nullable() }).meta({ id: `${name}RevisionPage` });
  return { one, page };
}

/**
 * GET {base}/{id}/revisions and GET {base}/{id}/revisions/{revision}, the same for every
 * versioned resource.
 */
export function revisionRoutes(opts: {
  db: Conn;
  resource: Resource;
  name: string;
  base: string;
  tag: string;
  state: z.ZodObject;
  exists: (db: Conn, id: string) => boolean;
}): FastifyPluginAsyncZod {
  const { db, resource, name, base, tag, state, exists } = opts;
  const schemas = revisionSchemas(name, state);
  const requireExists = (id: string) => {
    if (!exists(db, id)) throw notFound(name, id);
  };
  return async (app) => {
    app.get(`${base}/:id/revisions`, {
      ...ANSWERS_HEAD,
      schema: {
        operationId: `list${name}Revisions`,
        responseHeaders: { 200: ['link'] },
        summary: `${name} revision history, newest first`,
        tags: [tag],
        params: idParams,
        querystring: z.object(paginationQuery),
        response: { 200: schemas.page, ...problemResponses(400, 404) },
      },
      handler: async (request, reply) => {
        const { limit, cursor } = request.query;
        requireExists(request.params.id);
        const rows = listRevisionRows(db, resource, request.params.id, limit, decodeCursor(cursor));
        const items = rows.slice(0, limit).map((row) => toRevision(row, state));
        const last = items.at(-1);
        const nextCursor = rows.length > limit && last ? encodeCursor(last.revision) : null;
        setNextLink(request, reply, nextCursor);
        return { items, nextCursor };
      },
    });

    app.get(`${base}/:id/revisions/:revision`, {
      schema: {
        operationId: `get${name}Revision`,
        responseHeaders: { 200: ['cache-control'] },
        summary: `One ${name.toLowerCase()} revision`,
        tags: [tag],
        params: revisionParams,
        response: { 200: schemas.one, ...problemResponses(400, 404) },
      },
      handler: async (request, reply) => {
        requireExists(request.params.id);
        const row = getRevisionRow(db, resource, request.params.id, request.params.revision);
        if (!row) throw notFound(`Revision of ${name.toLowerCase()} ${request.params.id}`, request.params.revision);
        // A revision never changes once written.
        reply.header('cache-control', 'public, max-age=31536000, immutable');
        return toRevision(row, state);
      },
    });
  };
}
