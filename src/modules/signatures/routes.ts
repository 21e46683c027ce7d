import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { etagFor, ifMatch, notModified } from '../../http/etag.js';
import { decodeCursor, setNextLink, toPage } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { revisionRoutes } from '../../http/revisions.js';
import * as repo from './repository.js';
import { signature, signatureListQuery, signaturePage, signaturePatch } from './schemas.js';
import { ANSWERS_HEAD, HEADERS } from '../../http/contract.js';

const tags = ['signatures'];

export const signatureRoutes: FastifyPluginAsyncZod<{ db: Conn; lane: WriteLane }> = async (app, { db, lane }) => {
  app.get('/v1/signatures', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'listSignatures',
      responseHeaders: { 200: ['link'] },
      summary: 'List signatures',
      tags,
      querystring: signatureListQuery,
      response: { 200: signaturePage, ...problemResponses(400) },
    },
    handler: async (request, reply) => {
      const { limit, cursor, statementId, organizationId, status } = request.query;
      const page = toPage(
        repo.listSignatures(db, { limit, after: decodeCursor(cursor), statementId, organizationId, status }),
        limit,
        (r) => r.seq,
      );
      setNextLink(request, reply, page.nextCursor);
      return { items: page.items.map(repo.toSignature), nextCursor: page.nextCursor };
    },
  });

  app.get('/v1/signatures/:id', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getSignature',
      responseHeaders: { 200: ['etag'], 304: ['etag'] },
      summary: 'Get a signature',
      tags,
      params: idParams,
      response: { 200: signature, 304: z.undefined().describe('Not modified'), ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      const row = repo.getSignature(db, request.params.id);
      if (notModified(request, reply, row.revision)) return reply.code(304).send();
      return repo.toSignature(row);
    },
  });

  app.patch('/v1/signatures/:id', {
    config: { role: 'editor' },
    schema: {
      operationId: 'updateSignature',
      responseHeaders: HEADERS.changed,
      requiredHeaders: ['if-match'],
      summary: "Change a signature's note or signing date (new revision)",
      description: 'Needs `If-Match`. Status, position and dates follow the signatory events only.',
      tags,
      params: idParams,
      headers: z.object({ 'if-match': z.string().optional() }),
      body: signaturePatch,
      response: { 200: signature, ...problemResponses(400, 401, 403, 404, 412, 415, 428) },
    },
    handler: async (request, reply) => {
      const matches = ifMatch(request, true) ?? (() => false);
      const updated = await lane.write(() =>
        repo.updateSignature(db, request.params.id, request.body, matches, actorOf(request).name),
      );
      return reply.header('etag', etagFor(updated.revision)).send(updated);
    },
  });

  await app.register(
    revisionRoutes({
      db,
      resource: 'signature',
      name: 'Signature',
      base: '/v1/signatures',
      tag: 'signatures',
      state: signature,
      exists: (d, id) => repo.findSignatureRow(d, id) !== undefined,
    }),
  );
};
