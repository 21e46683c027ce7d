import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { decodeCursor } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { BRIEFLY, FOREVER, negotiate, sendCached, sendStream, type ReadCache } from '../../http/response-cache.js';
import { HttpProblem, problemResponses } from '../../http/problem.js';
import { notFound } from '../../lib/domain-error.js';
import { findOrganizationRow } from '../organizations/repository.js';
import { LIST_FORMATS, renderList, streamList, type ListRequest } from './list-response.js';
import { diffAt, organizationSignaturesAt } from './read.js';
import { asOfQuery, diffQuery, isPinned, listQuery, organizationSignatures, signatoryDiff, signatoryList } from './schemas.js';
import { requireStatement } from './statement.js';

const tags = ['timeline'];

/** The as-of reads: who had signed, what changed, and what one organization had signed. */
export const listRoutes: FastifyPluginAsyncZod<{ db: Db; reads: ReadCache }> = async (app, { db, reads }) => {
  const { responses, version } = reads;
  app.get('/v1/statements/:id/signatories', {
    schema: {
      operationId: 'getSignatories',
      summary: 'Who had signed, as of a date, as the database knew it at a moment',
      description:
        '`asOf` picks the date (valid time), `knownAt` the state of the database (transaction time): the list applies, in order of ' +
        '(asOf, seq), every event dated on or before `asOf` and recorded by `knownAt`. Organization details are as known at `knownAt` ' +
        '(default: their current ones). JSON is paged (`limit`, default 1000; `cursor`; `nextCursor` and a `Link: rel="next"` while there is more; ' +
        '`total` is the whole list). `Accept: text/csv` gives a header row and a row per signatory; `Accept: text/plain` gives the published ' +
        'numbered format, which `POST /v1/imports` reads back; both are the whole list, streamed when long. With `knownAt` more than a minute ' +
        'in the past the answer never changes and is cacheable forever; otherwise briefly, with a strong ETag (`If-None-Match` gives 304).',
      tags,
      params: idParams,
      querystring: listQuery,
      produces: ['application/json', 'text/csv', 'text/plain'],
      response: {
        200: {
          description: 'The list',
          content: {
            'application/json': { schema: signatoryList },
            'text/csv': { schema: z.string() },
            'text/plain': { schema: z.string() },
          },
        },
        304: z.undefined().describe('Not modified: the ETag in If-None-Match is current.'),
        ...problemResponses(400, 404, 406),
      },
    },
    handler: async (request, reply) => {
      const format = negotiate(request, LIST_FORMATS);
      if (format === null) {
        throw new HttpProblem(406, 'not-acceptable', 'The signatory list is available as application/json, text/csv or text/plain.');
      }
      const { asOf, knownAt, limit, cursor } = request.query;
      const listRequest: ListRequest = { statementId: request.params.id, asOf, knownAt, format, limit, after: decodeCursor(cursor, 'position'), url: request.url };
      // Pinned in transaction time, the answer can never change; otherwise it holds until any write.
      const pinned = isPinned(knownAt);
      const key = [pinned ? 'pinned' : version(), format, request.params.id, asOf ?? '', knownAt ?? '', limit, cursor ?? ''].join('|');
      reply.header('vary', 'Accept');
      const entry = responses.get(key, () => renderList(db, listRequest));
      if (entry) return sendCached(request, reply, entry, pinned ? FOREVER : BRIEFLY);
      const { contentType, stream } = streamList(db, listRequest);
      return sendStream(reply, contentType, pinned ? FOREVER : BRIEFLY, stream);
    },
  });

  app.get('/v1/statements/:id/signatories/diff', {
    schema: {
      operationId: 'diffSignatories',
      summary: 'Signatories added and withdrawn between two dates, as known at one moment',
      tags,
      params: idParams,
      querystring: diffQuery,
      response: { 200: signatoryDiff, 304: z.undefined().describe('Not modified'), ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      const { from, to, knownAt } = request.query;
      if (from > to) {
        throw new HttpProblem(400, 'validation-error', '`from` must not be after `to`.', { errors: [{ in: 'query', field: 'from', detail: `is after to (${to})` }] });
      }
      return reads.json(request, reply, () => {
        requireStatement(db, request.params.id);
        return { body: { statementId: request.params.id, from, to, knownAt: knownAt ?? null, ...diffAt(db, request.params.id, { from, to, knownAt }) } };
      });
    },
  });

  app.get('/v1/organizations/:id/signatures', {
    schema: {
      operationId: 'getOrganizationSignatures',
      summary: 'The statements an organization had signed, as of a date',
      description: 'Works for deleted organizations too: their signatures stay part of the record.',
      tags,
      params: idParams,
      querystring: asOfQuery,
      response: { 200: organizationSignatures, 304: z.undefined().describe('Not modified'), ...problemResponses(400, 404) },
    },
    handler: async (request, reply) =>
      reads.json(request, reply, () => {
        if (!findOrganizationRow(db, request.params.id)) throw notFound('Organization', request.params.id);
        const { asOf, knownAt } = request.query;
        return { body: { organizationId: request.params.id, asOf: asOf ?? null, knownAt: knownAt ?? null, items: organizationSignaturesAt(db, request.params.id, { asOf, knownAt }) } };
      }),
  });
};
