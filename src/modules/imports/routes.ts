import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf, requireRole } from '../../http/auth.js';
import { idempotencyHeaders, idempotent, type WriteResult } from '../../http/idempotency.js';
import { problemResponses } from '../../http/problem.js';
import { importDocument } from './repository.js';
import { importBody, importQuery, importResult, type ImportResult } from './schemas.js';

/** Published lists with thousands of entries are larger than any single resource. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

export const importRoutes: FastifyPluginAsyncZod<{ db: Db; lane: WriteLane }> = async (app, { db, lane }) => {
  app.post('/v1/imports', {
    preHandler: requireRole(db, 'editor'),
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      operationId: 'importPublishedList',
      summary: 'Import a published signatory list',
      description:
        'Reads the published format (issuer line, title, body, "Signatories (as of …)" header, numbered entries), matches each entry to a known ' +
        'organization (abbreviation and name, name, or English name, after folding case, diacritics, script, spaces and dashes) and, in one ' +
        'transaction, creates the statement with its first event or appends an event with the difference from its latest list. The same list ' +
        'again writes nothing (`outcome: unchanged`). With `dryRun=true` nothing is written. Body limit 10 MiB.',
      tags: ['imports'],
      security: [{ bearerAuth: [] }],
      querystring: importQuery,
      headers: idempotencyHeaders,
      // One schema for both media types: the type provider cannot document per-type bodies.
      consumes: ['text/plain', 'application/json'],
      body: importBody,
      response: { 200: importResult, 201: importResult, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(lane, db, request, reply, (): WriteResult<ImportResult> => {
        const text = typeof request.body === 'string' ? request.body : request.body.text;
        const result = importDocument(db, text, { dryRun: request.query.dryRun, asOf: request.query.asOf }, actorOf(request).name);
        if (!result.event) return { status: 200, headers: {}, body: result };
        return { status: 201, headers: { location: `/v1/statements/${result.event.statementId}/snapshots/${result.event.seq}` }, body: result };
      }),
  });
};
