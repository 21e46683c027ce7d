import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { actorOf, requireRole } from '../../http/auth.js';
import { etagFor } from '../../http/etag.js';
import { idempotencyHeaders, idempotent } from '../../http/idempotency.js';
import { decodeCursor, setNextLink, toPage } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { HttpProblem, notFound, problemResponses } from '../../http/problem.js';
import { nowIso } from '../../lib/ids.js';
import { getLiveOrganization } from '../organizations/repository.js';
import { getSignature, toSignature } from '../signatures/repository.js';
import { signature } from '../signatures/schemas.js';
import { findStatementRow, toStatementState } from '../statements/repository.js';
import { signatoriesCsv, signatoriesText } from './export.js';
import * as repo from './repository.js';
import {
  asOfQuery,
  diffQuery,
  integrityReport,
  organizationSignatures,
  signatoryDiff,
  signatoryEvent,
  signatoryEventDetail,
  signatoryEventPage,
  signatoryList,
  signatureInput,
  snapshotInput,
  snapshotListQuery,
  snapshotParams,
} from './schemas.js';

const tags = ['timeline'];
const security = [{ bearerAuth: [] }];
const immutable = 'public, max-age=31536000, immutable';

export const timelineRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const editor = requireRole(db, 'editor');
  /** Timeline reads stay available for deleted statements' history, but not for unknown ones. */
  const getStatementRow = (id: string) => {
    const row = findStatementRow(db, id);
    if (!row) throw notFound('Statement', id);
    return row;
  };
  const requireStatement = (id: string) => void getStatementRow(id);

  app.post('/v1/statements/:id/snapshots', {
    preHandler: editor,
    schema: {
      operationId: 'appendSignatoryEvent',
      summary: 'Record a published signatory list change ("as of" event)',
      description:
        'Appends an event that adds and/or withdraws signatories as of a date. New organizations can be created inline. ' +
        'Refused with nothing written: an `asOf` before the latest event (409), adding a current signatory or withdrawing a non-signatory (409), ' +
        'an empty event (400), an unknown organization (400).',
      tags,
      security,
      params: idParams,
      headers: idempotencyHeaders,
      body: snapshotInput,
      response: { 201: signatoryEvent, ...problemResponses(400, 401, 403, 404, 409, 410, 413, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(db, request, reply, () => {
        const event = repo.appendEvent(db, request.params.id, request.body, actorOf(request).name);
        return { status: 201, headers: { location: `/v1/statements/${event.statementId}/snapshots/${event.seq}` }, body: event };
      }),
  });

  app.get('/v1/statements/:id/snapshots', {
    schema: {
      operationId: 'listSignatoryEvents',
      summary: 'The signatory events of a statement, oldest first',
      tags,
      params: idParams,
      querystring: snapshotListQuery,
      response: { 200: signatoryEventPage, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      requireStatement(request.params.id);
      const { limit, cursor } = request.query;
      const page = toPage(repo.listEvents(db, request.params.id, limit, decodeCursor(cursor)), limit, (e) => e.seq);
      setNextLink(request, reply, page.nextCursor);
      return page;
    },
  });

  app.get('/v1/statements/:id/snapshots/:seq', {
    schema: {
      operationId: 'getSignatoryEvent',
      summary: 'One signatory event with the whole list right after it',
      description: 'Events never change: served with an immutable Cache-Control and the event hash as ETag.',
      tags,
      params: snapshotParams,
      response: { 200: signatoryEventDetail, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      requireStatement(request.params.id);
      const event = repo.getEvent(db, request.params.id, request.params.seq);
      reply.header('cache-control', immutable).header('etag', `"${event.hash}"`);
      return { ...event, signatories: repo.signatoriesAt(db, request.params.id, event.seq) };
    },
  });

  app.post('/v1/statements/:id/signatures', {
    preHandler: editor,
    schema: {
      operationId: 'addLateSignatory',
      summary: 'Add one late signatory (appends a one-addition event)',
      tags,
      security,
      params: idParams,
      headers: idempotencyHeaders,
      body: signatureInput,
      response: { 201: signature, ...problemResponses(400, 401, 403, 404, 409, 410, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(db, request, reply, () => {
        const { asOf, source, organizationId, organization, printedAs, signedOn, note } = request.body;
        const add = [{ organizationId, organization, printedAs, signedOn, note }];
        const event = repo.appendEvent(db, request.params.id, { asOf, source, add, withdraw: [] }, actorOf(request).name);
        const added = event.added[0];
        if (!added) throw new Error('a one-addition event added nothing');
        const created = toSignature(getSignature(db, added.signatureId));
        return { status: 201, headers: { location: `/v1/signatures/${created.id}`, etag: etagFor(created.revision) }, body: created };
      }),
  });

  app.get('/v1/statements/:id/signatories', {
    schema: {
      operationId: 'getSignatories',
      summary: 'Who had signed, as of a date, as the database knew it at a moment',
      description:
        '`asOf` picks the published list (valid time), `knownAt` the state of the database (transaction time). ' +
        'Organization details are their current ones. `Accept: text/csv` gives a header row and a row per signatory; ' +
        '`Accept: text/plain` gives the published numbered format, which `POST /v1/imports` reads back.',
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
      requireStatement(request.params.id);
      const statementId = request.params.id;
      const { asOf, knownAt = nowIso() } = request.query;
      const seq = repo.visibleSeq(db, statementId, asOf, knownAt);
      const items = repo.signatoriesAt(db, statementId, seq);
      reply.header('vary', 'Accept');
      if (format === 'text/csv') {
        return reply.type('text/csv; charset=utf-8').serializer(String).send(signatoriesCsv(items));
      }
      if (format === 'text/plain') {
        const listAsOf = asOf ?? (seq === null ? null : (repo.getEventRow(db, statementId, seq)?.asOf ?? null));
        const statement = toStatementState(getStatementRow(statementId));
        return reply.type('text/plain; charset=utf-8').serializer(String).send(signatoriesText(statement, listAsOf, items));
      }
      return { statementId, asOf: asOf ?? null, knownAt, snapshotSeq: seq, total: repo.totalAt(db, statementId, seq), items };
    },
  });

  app.get('/v1/statements/:id/signatories/diff', {
    schema: {
      operationId: 'diffSignatories',
      summary: 'Signatories added and withdrawn between two dates',
      tags,
      params: idParams,
      querystring: diffQuery,
      response: { 200: signatoryDiff, ...problemResponses(400, 404) },
    },
    handler: async (request) => {
      requireStatement(request.params.id);
      const { from, to, knownAt = nowIso() } = request.query;
      if (from > to) {
        throw new HttpProblem(400, 'validation-error', '`from` must not be after `to`.', { errors: [{ in: 'query', field: 'from', detail: `is after to (${to})` }] });
      }
      const fromSeq = repo.visibleSeq(db, request.params.id, from, knownAt);
      const toSeq = repo.visibleSeq(db, request.params.id, to, knownAt);
      return { statementId: request.params.id, from, to, knownAt, fromSeq, toSeq, ...repo.diffBetween(db, request.params.id, fromSeq, toSeq) };
    },
  });

  app.get('/v1/statements/:id/integrity', {
    schema: {
      operationId: 'verifyStatementChain',
      summary: 'Recompute the statement\'s hash chain',
      tags,
      params: idParams,
      response: { 200: integrityReport, ...problemResponses(404) },
    },
    handler: async (request) => {
      requireStatement(request.params.id);
      return repo.verifyChain(db, request.params.id);
    },
  });

  app.get('/v1/organizations/:id/signatures', {
    schema: {
      operationId: 'getOrganizationSignatures',
      summary: 'The statements an organization had signed, as of a date',
      tags: ['timeline', 'organizations'],
      params: idParams,
      querystring: asOfQuery,
      response: { 200: organizationSignatures, ...problemResponses(400, 404, 410) },
    },
    handler: async (request) => {
      getLiveOrganization(db, request.params.id);
      const { asOf, knownAt = nowIso() } = request.query;
      return { organizationId: request.params.id, asOf: asOf ?? null, knownAt, items: repo.organizationSignaturesAt(db, request.params.id, asOf, knownAt) };
    },
  });
};
