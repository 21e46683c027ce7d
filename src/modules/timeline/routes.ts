import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import { actorOf, requireRole } from '../../http/auth.js';
import { etagFor } from '../../http/etag.js';
import { idempotencyHeaders, idempotent } from '../../http/idempotency.js';
import { decodeCursor, setNextLink, toPage } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { getSignature, toSignature } from '../signatures/repository.js';
import { signature } from '../signatures/schemas.js';
import { appendEvent } from './append.js';
import { getEvent, listEvents } from './events.js';
import { signatoriesAt } from './read.js';
import { recordedEvent, signatoryEventDetail, signatoryEventPage, signatureInput, snapshotInput, snapshotListQuery, snapshotParams } from './schemas.js';
import { requireStatement } from './statement.js';

const tags = ['timeline'];
const security = [{ bearerAuth: [] }];
const immutable = 'public, max-age=31536000, immutable';

/** Writing events, and reading the record of them. */
export const timelineRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const editor = requireRole(db, 'editor');

  app.post('/v1/statements/:id/snapshots', {
    preHandler: editor,
    schema: {
      operationId: 'appendSignatoryEvent',
      summary: 'Record a change of a statement\'s signatory list as of a date (an event)',
      description:
        'Appends an event that adds, withdraws and/or retracts signatories as of a date. `asOf` may be any date up to tomorrow (UTC): ' +
        'an earlier date than other events is a correction, recorded now, that changes answers only for a `knownAt` from now on. ' +
        'New organizations can be created inline. Refused with nothing written: adding an organization that is on the list as of `asOf` ' +
        '(as known now), withdrawing one that is not, retracting one that is already retracted (409, naming the organization and date); ' +
        'an empty event, a future date or an unknown reference (400). Items of later events that the correction makes redundant are ' +
        'listed in `redundantLater`.',
      tags,
      security,
      params: idParams,
      headers: idempotencyHeaders,
      body: snapshotInput,
      response: { 201: recordedEvent, ...problemResponses(400, 401, 403, 404, 409, 410, 413, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(db, request, reply, () => {
        const event = appendEvent(db, request.params.id, request.body, actorOf(request).name);
        return { status: 201, headers: { location: `/v1/statements/${event.statementId}/snapshots/${event.seq}` }, body: event };
      }),
  });

  app.get('/v1/statements/:id/snapshots', {
    schema: {
      operationId: 'listSignatoryEvents',
      summary: 'The signatory events of a statement, in the order they were recorded',
      tags,
      params: idParams,
      querystring: snapshotListQuery,
      response: { 200: signatoryEventPage, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      requireStatement(db, request.params.id);
      const { limit, cursor } = request.query;
      const page = toPage(listEvents(db, request.params.id, limit, decodeCursor(cursor)), limit, (e) => e.seq);
      setNextLink(request, reply, page.nextCursor);
      return page;
    },
  });

  app.get('/v1/statements/:id/snapshots/:seq', {
    schema: {
      operationId: 'getSignatoryEvent',
      summary: 'One signatory event with the list as of its date, as known right after it',
      description: 'Events never change: served with an immutable Cache-Control and the event hash as ETag.',
      tags,
      params: snapshotParams,
      response: { 200: signatoryEventDetail, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      requireStatement(db, request.params.id);
      const event = getEvent(db, request.params.id, request.params.seq);
      reply.header('cache-control', immutable).header('etag', `"${event.hash}"`);
      return { ...event, signatories: signatoriesAt(db, request.params.id, event.seq, { asOf: event.asOf, knownAt: event.recordedAt }) };
    },
  });

  app.post('/v1/statements/:id/signatures', {
    preHandler: editor,
    schema: {
      operationId: 'addLateSignatory',
      summary: 'Add one late signatory (appends a one-addition event)',
      description: 'An `asOf` earlier than other events is a backdated correction, as for any event.',
      tags,
      security,
      params: idParams,
      headers: idempotencyHeaders,
      body: signatureInput,
      response: { 201: signature, ...problemResponses(400, 401, 403, 404, 409, 410, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(db, request, reply, () => {
        const { asOf, source, organizationId, organization, printedAs, printedNumber, signedOn, note } = request.body;
        const add = [{ organizationId, organization, printedAs, printedNumber, signedOn, note }];
        const event = appendEvent(db, request.params.id, { asOf, source, add, withdraw: [], retract: [] }, actorOf(request).name);
        const added = event.items[0];
        if (!added) throw new Error('a one-addition event added nothing');
        const created = toSignature(getSignature(db, added.signatureId));
        return { status: 201, headers: { location: `/v1/signatures/${created.id}`, etag: etagFor(created.revision) }, body: created };
      }),
  });
};
