import { keptDocumentText } from '../documents/repository.js';
import type { DocumentReader } from '../documents/reread.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { etagFor } from '../../http/etag.js';
import { idempotencyHeaders, idempotencyScope, idempotent, sendRecorded } from '../../http/idempotency.js';
import { decodeCursor, setNextLink, toPage } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { cachedBody, pinnedRead, sendCached, type ReadCache } from '../../http/response-cache.js';
import { problemResponses } from '../../http/problem.js';
import { getSignature, toSignature } from '../signatures/repository.js';
import { signature } from '../signatures/schemas.js';
import { appendEvent } from './append.js';
import { OFF_THREAD_ITEMS, type AppendOffThread } from './append-job.js';
import { getEvent, listEvents } from './events.js';
import { signatoriesAt } from './read.js';
import {
  recordedEvent,
  signatoryEventDetail,
  signatoryEventPage,
  signatureInput,
  eventInput,
  eventListQuery,
  eventParams,
} from './schemas.js';
import { requireStatement } from './statement.js';
import { ANSWERS_HEAD, HEADERS } from '../../http/contract.js';

const tags = ['timeline'];

/** Writing events, and reading the record of them. */
export const timelineRoutes: FastifyPluginAsyncZod<{
  db: Conn;
  lane: WriteLane;
  reads: ReadCache;
  readDocument: DocumentReader;
  /** Where long events are written (the import worker); null: all inline. */
  offThread: AppendOffThread | null;
}> = async (app, options) => {
  appendRoutes(app, options);
  eventReads(app, options);
  lateSignatoryRoutes(app, options);
};

/** Appending an event. */
function appendRoutes(
  app: RouteApp,
  {
    db,
    lane,
    reads,
    readDocument,
    offThread,
  }: { db: Conn; lane: WriteLane; reads: ReadCache; readDocument: DocumentReader; offThread: AppendOffThread | null },
) {
  app.post('/v1/statements/:id/events', {
    config: { role: 'editor' },
    schema: {
      operationId: 'appendSignatoryEvent',
      responseHeaders: { 201: ['location', 'idempotent-replayed'] },
      summary: "Record a change of a statement's signatory list as of a date (an event)",
      description:
        'Appends an event that adds, withdraws and/or retracts signatories as of a date. `asOf` may be any date up to tomorrow (UTC): ' +
        'an earlier date than other events is a correction, recorded now, that changes answers only for a `knownAt` from now on. ' +
        'New organizations can be created inline. Refused with nothing written: adding an organization that is on the list as of `asOf` ' +
        '(as known now), withdrawing one that is not, retracting one that is already retracted (409, naming the organization and date); ' +
        'an empty event, a future date or an unknown reference (400). Items of later events that the correction makes redundant are ' +
        'listed in `redundantLater`.',
      tags,
      params: idParams,
      headers: idempotencyHeaders,
      body: eventInput,
      response: { 201: recordedEvent, ...problemResponses(400, 401, 403, 404, 409, 410, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      // A document the event names is read first (a PDF on the import worker), outside the write.
      const documentText =
        request.body.document === undefined
          ? undefined
          : await keptDocumentText(db, request.body.document, readDocument);
      const { add, withdraw, retract } = request.body;
      if (offThread && add.length + withdraw.length + retract.length > OFF_THREAD_ITEMS) {
        const job = {
          statementId: request.params.id,
          input: request.body,
          actor: actorOf(request).name,
          documentText,
          scope: idempotencyScope(request),
        };
        // Written on the worker's connection in the lane's exclusive turn; reads see it at once.
        const response = await lane.exclusive(() => offThread(job)).finally(() => reads.refresh());
        return sendRecorded(reply, response);
      }
      return idempotent(lane, db, request, reply, () => {
        const event = appendEvent(db, request.params.id, request.body, actorOf(request).name, { documentText });
        return {
          status: 201,
          headers: { location: `/v1/statements/${event.statementId}/events/${event.seq}` },
          body: event,
        };
      });
    },
  });
}

/** The record of events, and one event with the list right after it. */
function eventReads(
  app: RouteApp,
  { db, reads }: { db: Conn; lane: WriteLane; reads: ReadCache; readDocument: DocumentReader },
) {
  app.get('/v1/statements/:id/events', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'listSignatoryEvents',
      responseHeaders: { 200: ['link'] },
      summary: 'The signatory events of a statement, in the order they were recorded',
      tags,
      params: idParams,
      querystring: eventListQuery,
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

  app.get('/v1/statements/:id/events/:seq', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getSignatoryEvent',
      responseHeaders: HEADERS.cachedRead,
      summary: 'One signatory event with the list as of its date, as known right after it',
      description: 'Events never change: served with an immutable Cache-Control and the event hash as ETag.',
      tags,
      params: eventParams,
      response: {
        200: signatoryEventDetail,
        304: z.undefined().describe('Not modified: the ETag (the event hash) in If-None-Match is current.'),
        ...problemResponses(400, 404),
      },
    },
    handler: async (request, reply) => {
      const { id, seq } = request.params;
      // An event and the list right after it never change: made once, served from memory after.
      const entry = reads.response(`event|${id}|${seq}`, () => {
        requireStatement(db, id);
        const event = getEvent(db, id, seq);
        const detail = {
          ...event,
          signatories: signatoriesAt(db, id, event.seq, { asOf: event.asOf, knownAt: event.recordedAt }),
        };
        return cachedBody(JSON.stringify(detail), 'application/json; charset=utf-8', {}, `"${event.hash}"`);
      });
      if (!entry) throw new Error('an event is always made whole');
      return sendCached(request, reply, entry, pinnedRead(`statement:${id}`));
    },
  });
}

/** One late signatory, as a one-addition event. */
function lateSignatoryRoutes(
  app: RouteApp,
  { db, lane }: { db: Conn; lane: WriteLane; reads: ReadCache; readDocument: DocumentReader },
) {
  app.post('/v1/statements/:id/signatures', {
    config: { role: 'editor' },
    schema: {
      operationId: 'addLateSignatory',
      responseHeaders: HEADERS.created,
      summary: 'Add one late signatory (appends a one-addition event)',
      description: 'An `asOf` earlier than other events is a backdated correction, as for any event.',
      tags,
      params: idParams,
      headers: idempotencyHeaders,
      body: signatureInput,
      response: { 201: signature, ...problemResponses(400, 401, 403, 404, 409, 410, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(lane, db, request, reply, () => {
        const { asOf, source, ...addition } = request.body;
        const add = [addition];
        const event = appendEvent(
          db,
          request.params.id,
          { asOf, source, add, withdraw: [], retract: [] },
          actorOf(request).name,
        );
        const added = event.items[0];
        if (!added) throw new Error('a one-addition event added nothing');
        const created = toSignature(getSignature(db, added.signatureId));
        return {
          status: 201,
          headers: { location: `/v1/signatures/${created.id}`, etag: etagFor(created.revision) },
          body: created,
        };
      }),
  });

  movedRoutes(app);
}

/**
 * The timeline's unit is the event; until 0.2 its paths said `snapshots`. Each old path answers
 * 308 to the new one (method and body kept, so an old client's append still lands), documented
 * as deprecated. An append at the old path asks for the key first, as the new one does.
 */
function movedRoutes(app: RouteApp) {
  const moved = [
    {
      method: 'POST',
      path: '',
      params: idParams,
      operationId: 'appendSignatoryEventAtSnapshots',
      role: 'editor',
      errors: problemResponses(401, 403),
    },
    {
      method: 'GET',
      path: '',
      params: idParams,
      operationId: 'listSignatoryEventsAtSnapshots',
      role: undefined,
      errors: problemResponses(400),
    },
    {
      method: 'GET',
      path: '/:seq',
      params: eventParams,
      operationId: 'getSignatoryEventAtSnapshots',
      role: undefined,
      errors: problemResponses(400),
    },
  ] as const;
  for (const { method, path, params, operationId, role, errors } of moved) {
    app.route({
      method,
      url: `/v1/statements/:id/snapshots${path}`,
      config: { role },
      schema: {
        operationId,
        deprecated: true,
        responseHeaders: { 308: ['location'] },
        summary: `Moved: ${method} /v1/statements/{id}/events${path.replace(':seq', '{seq}')}`,
        description:
          "The old path of the timeline's events: answers 308 Permanent Redirect to the same request at `…/events` (the method and body are kept).",
        tags,
        params,
        response: { 308: z.undefined().describe('Moved for good to `Location`.'), ...errors },
      },
      handler: async (request, reply) => {
        // The same URL with `events` for its last `snapshots` (an id may say snapshots too), query kept.
        const end = request.url.search(/\?|$/);
        return reply.redirect(
          request.url.slice(0, end).replace(/\/snapshots(\/[^/]*)?$/, '/events$1') + request.url.slice(end),
          308,
        );
      },
    });
  }
}
