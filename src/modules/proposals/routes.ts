import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { ANSWERS_HEAD } from '../../http/contract.js';
import { decodeCursor, setNextLink, toPage } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { requireLiveStatement } from '../timeline/state.js';
import type { DocumentReader } from '../documents/reread.js';
import { acceptProposal, proposedDocument, rejectProposal } from './decide.js';
import { getProposal, listProposals, pendingProposal, toProposal } from './repository.js';
import { importQuery } from '../imports/schemas.js';
import { proposal, proposalListQuery, proposalPage, rejection } from './schemas.js';

const tags = ['sources'];

export const proposalRoutes: FastifyPluginAsyncZod<{
  db: Conn;
  lane: WriteLane;
  readDocument: DocumentReader;
}> = async (app, options) => {
  proposalReads(app, options);
  proposalDecisions(app, options);
};

/** A statement's proposals, and one proposal. */
function proposalReads(app: RouteApp, { db }: { db: Conn; lane: WriteLane; readDocument: DocumentReader }) {
  app.get('/v1/statements/:id/proposals', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'listProposals',
      responseHeaders: { 200: ['link'] },
      summary: "Changes watched sources propose to the statement's list, oldest first",
      tags,
      params: idParams,
      querystring: proposalListQuery,
      response: { 200: proposalPage, ...problemResponses(404, 410) },
    },
    handler: async (request, reply) => {
      requireLiveStatement(db, request.params.id);
      const { status, limit, cursor } = request.query;
      const page = toPage(
        listProposals(db, request.params.id, { status, limit, after: decodeCursor(cursor) }),
        limit,
        (row) => row.seq,
      );
      setNextLink(request, reply, page.nextCursor);
      return { items: page.items.map(toProposal), nextCursor: page.nextCursor };
    },
  });

  app.get('/v1/proposals/:id', {
    schema: {
      operationId: 'getProposal',
      summary: 'A proposal: what accepting it would add, withdraw, match or create, and why it waits',
      tags,
      params: idParams,
      response: { 200: proposal, ...problemResponses(404) },
    },
    handler: async (request) => toProposal(getProposal(db, request.params.id)),
  });
}

/** Accepting or rejecting a proposal. */
function proposalDecisions(
  app: RouteApp,
  { db, lane, readDocument }: { db: Conn; lane: WriteLane; readDocument: DocumentReader },
) {
  app.post('/v1/proposals/:id/accept', {
    config: { role: 'editor' },
    schema: {
      operationId: 'acceptProposal',
      summary: 'Accept a proposal: import its document now (editor)',
      description:
        'Appends the event, dated as the document says (or as fetched), naming the document. 409 when it was decided already, and 409 `ambiguous-match` ' +
        'while an entry could be more than one organization: decide each (`decide=LINE=org_…|new`, lines as in the plan) or take them as new (`ambiguous=new`).',
      tags,
      params: idParams,
      querystring: importQuery.pick({ decide: true, ambiguous: true }),
      response: { 200: proposal, ...problemResponses(401, 403, 404, 409) },
    },
    handler: async (request) => {
      pendingProposal(db, request.params.id);
      const document = await proposedDocument(db, request.params.id, readDocument);
      const { decide, ambiguous } = request.query;
      return toProposal(
        await lane.write(() =>
          acceptProposal(db, request.params.id, actorOf(request).name, document, { decisions: decide, ambiguous }),
        ),
      );
    },
  });

  app.post('/v1/proposals/:id/reject', {
    config: { role: 'editor' },
    schema: {
      operationId: 'rejectProposal',
      summary: 'Reject a proposal, saying why (editor)',
      tags,
      params: idParams,
      body: rejection,
      response: { 200: proposal, ...problemResponses(401, 403, 404, 409) },
    },
    handler: async (request) =>
      toProposal(
        await lane.write(() => rejectProposal(db, request.params.id, actorOf(request).name, request.body.reason)),
      ),
  });
}
