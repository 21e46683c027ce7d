import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { idParams } from '../../http/params.js';
import { HttpProblem, problemResponses } from '../../http/problem.js';
import { nowIso } from '../../lib/ids.js';
import { notFound } from '../../lib/domain-error.js';
import { findOrganizationRow } from '../organizations/repository.js';
import { toStatementState } from '../statements/repository.js';
import { signatoriesCsv, signatoriesText } from './export.js';
import { diffAt, organizationSignaturesAt, signatoryListAt } from './read.js';
import { asOfQuery, diffQuery, organizationSignatures, signatoryDiff, signatoryList } from './schemas.js';
import { requireStatement } from './statement.js';

const tags = ['timeline'];

/** The as-of reads: who had signed, what changed, and what one organization had signed. */
export const listRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/v1/statements/:id/signatories', {
    schema: {
      operationId: 'getSignatories',
      summary: 'Who had signed, as of a date, as the database knew it at a moment',
      description:
        '`asOf` picks the date (valid time), `knownAt` the state of the database (transaction time): the list applies, in order of ' +
        '(asOf, seq), every event dated on or before `asOf` and recorded by `knownAt`. Organization details are their current ones. ' +
        '`Accept: text/csv` gives a header row and a row per signatory; `Accept: text/plain` gives the published numbered format, ' +
        'which `POST /v1/imports` reads back.',
      tags,
      params: idParams,
      querystring: asOfQuery,
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
        ...problemResponses(400, 404, 406),
      },
    },
    handler: async (request, reply) => {
      const format = request.accepts().type(['application/json', 'text/csv', 'text/plain']);
      if (format === false) {
        throw new HttpProblem(406, 'not-acceptable', 'The signatory list is available as application/json, text/csv or text/plain.');
      }
      const row = requireStatement(db, request.params.id);
      const { asOf, knownAt = nowIso() } = request.query;
      const list = signatoryListAt(db, row.id, { asOf, knownAt });
      reply.header('vary', 'Accept');
      if (format === 'text/csv') return reply.type('text/csv; charset=utf-8').serializer(String).send(signatoriesCsv(list.items));
      if (format === 'text/plain') return reply.type('text/plain; charset=utf-8').serializer(String).send(signatoriesText(toStatementState(row), asOf ?? list.eventAsOf, list.items));
      return { statementId: row.id, asOf: asOf ?? null, knownAt, ...list };
    },
  });

  app.get('/v1/statements/:id/signatories/diff', {
    schema: {
      operationId: 'diffSignatories',
      summary: 'Signatories added and withdrawn between two dates, as known at one moment',
      tags,
      params: idParams,
      querystring: diffQuery,
      response: { 200: signatoryDiff, ...problemResponses(400, 404) },
    },
    handler: async (request) => {
      requireStatement(db, request.params.id);
      const { from, to, knownAt = nowIso() } = request.query;
      if (from > to) {
        throw new HttpProblem(400, 'validation-error', '`from` must not be after `to`.', { errors: [{ in: 'query', field: 'from', detail: `is after to (${to})` }] });
      }
      return { statementId: request.params.id, from, to, knownAt, ...diffAt(db, request.params.id, { from, to, knownAt }) };
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
      response: { 200: organizationSignatures, ...problemResponses(400, 404) },
    },
    handler: async (request) => {
      if (!findOrganizationRow(db, request.params.id)) throw notFound('Organization', request.params.id);
      const { asOf, knownAt = nowIso() } = request.query;
      return { organizationId: request.params.id, asOf: asOf ?? null, knownAt, items: organizationSignaturesAt(db, request.params.id, { asOf, knownAt }) };
    },
  });
};
