import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { etagFor, ifMatch, notModified } from '../../http/etag.js';
import { idempotencyHeaders, idempotent } from '../../http/idempotency.js';
import { listPage, setNextLink } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { revisionRoutes } from '../../http/revisions.js';
import * as repo from './repository.js';
import { findStatementRow, getLiveStatement, getLiveStatementRow, toStatement } from './head.js';
import { listStatements } from './search.js';
import {
  statement,
  statementInput,
  statementListQuery,
  statementPage,
  statementPatch,
  statementReadQuery,
  statementState,
} from './schemas.js';
import { chooseLanguage } from '../../http/language.js';
import { inLanguage, languagesOf } from './versions.js';
import { ANSWERS_HEAD, HEADERS } from '../../http/contract.js';

const tags = ['statements'];

export const statementRoutes: FastifyPluginAsyncZod<{ db: Conn; lane: WriteLane }> = async (app, options) => {
  statementCollection(app, options);
  await oneStatement(app, options);
};

/** Creating statements, and the list of them. */
function statementCollection(app: RouteApp, { db, lane }: { db: Conn; lane: WriteLane }) {
  app.post('/v1/statements', {
    config: { role: 'editor' },
    schema: {
      operationId: 'createStatement',
      responseHeaders: HEADERS.created,
      summary: 'Create a statement',
      tags,
      headers: idempotencyHeaders,
      body: statementInput,
      response: { 201: statement, ...problemResponses(400, 401, 403, 413, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(lane, db, request, reply, () => {
        const created = repo.createStatement(db, request.body, actorOf(request).name);
        return {
          status: 201,
          headers: { location: `/v1/statements/${created.id}`, etag: etagFor(created.revision) },
          body: created,
        };
      }),
  });

  app.get('/v1/statements', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'listStatements',
      responseHeaders: { 200: ['link'] },
      summary: 'List statements',
      description:
        "Cursor-paginated in creation order; with `q`, ranked by relevance (every language's title and body are searched). Deleted statements are not listed. Titles and bodies in the language of `lang` or Accept-Language where a statement has it.",
      tags,
      querystring: statementListQuery,
      response: { 200: statementPage, ...problemResponses(400) },
    },
    handler: async (request, reply) => {
      const { limit, cursor, q, issuer, signedBy, lang } = request.query;
      const page = listPage(
        cursor,
        limit,
        q !== undefined,
        (from) => listStatements(db, { limit, q, issuer, signedBy, ...from }),
        (r) => r.row.seq,
      );
      setNextLink(request, reply, page.nextCursor);
      reply.header('vary', 'Accept-Language');
      return {
        items: page.items.map((item) => toStatement(item, chooseLanguage(request, lang, languagesOf(item.row)))),
        nextCursor: page.nextCursor,
      };
    },
  });
}

/** One statement: read (in a language), changed, deleted, and its revisions. */
async function oneStatement(app: RouteApp, { db, lane }: { db: Conn; lane: WriteLane }) {
  app.get('/v1/statements/:id', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getStatement',
      responseHeaders: {
        200: [...HEADERS.cachedRead[200], 'content-language', 'link'],
        304: [...HEADERS.cachedRead[304], 'content-language', 'link'],
      },
      summary: 'Get a statement',
      description:
        'The ETag covers the statement\'s own revision, the language shown and `signatoryCount` (which follows the timeline), e.g. `"r2-n31"`; `If-Match` compares the revision. Title and body are in ' +
        'the language of `lang`, else the best of Accept-Language, of those in `languages`, else the original\'s; `Content-Language` says which. `Link: rel="alternate"` names its web page.',
      tags,
      params: idParams,
      querystring: statementReadQuery,
      response: { 200: statement, 304: z.undefined().describe('Not modified'), ...problemResponses(404, 410) },
    },
    handler: async (request, reply) => {
      const row = getLiveStatementRow(db, request.params.id);
      const language = chooseLanguage(request, request.query.lang, languagesOf(row));
      const found = getLiveStatement(db, request.params.id, language);
      const shown = inLanguage(row, language).language;
      // The count changes without a new revision, so let caches revalidate rather than reuse.
      reply
        .header('cache-control', 'no-cache')
        .header('vary', 'Accept-Language')
        .header('link', `</statements/${encodeURIComponent(found.id)}>; rel="alternate"; type="text/html"`);
      if (shown !== null) reply.header('content-language', shown);
      // The count (and so a declared count's mismatch) moves with the timeline, not with a revision:
      // it is part of the validator, so a 304 never hides a changed count. If-Match still compares the revision.
      const variant = [shown === found.language ? null : shown, `n${found.signatoryCount}`].filter(Boolean).join('-');
      if (notModified(request, reply, found.revision, variant)) return reply.code(304).send();
      return found;
    },
  });

  app.patch('/v1/statements/:id', {
    config: { role: 'editor' },
    schema: {
      operationId: 'updateStatement',
      responseHeaders: HEADERS.changed,
      requiredHeaders: ['if-match'],
      summary: 'Change a statement (new revision)',
      description: 'Needs `If-Match` with the current ETag: 428 without it, 412 when it is stale.',
      tags,
      params: idParams,
      headers: z.object({ 'if-match': z.string().optional().describe('ETag of the revision you read.') }),
      body: statementPatch,
      response: { 200: statement, ...problemResponses(400, 401, 403, 404, 410, 412, 415, 428) },
    },
    handler: async (request, reply) => {
      const matches = ifMatch(request, true) ?? (() => false);
      const updated = await lane.write(() =>
        repo.updateStatement(db, request.params.id, request.body, matches, actorOf(request).name),
      );
      return reply.header('etag', etagFor(updated.revision)).send(updated);
    },
  });

  app.delete('/v1/statements/:id', {
    config: { role: 'editor' },
    schema: {
      operationId: 'deleteStatement',
      summary: 'Delete a statement (soft, recorded as a revision)',
      description:
        'Later reads answer 410; revisions and signatory events stay readable. `If-Match` is honoured when sent.',
      tags,
      params: idParams,
      headers: z.object({ 'if-match': z.string().optional() }),
      response: { 204: z.undefined().describe('Deleted'), ...problemResponses(401, 403, 404, 410, 412) },
    },
    handler: async (request, reply) => {
      await lane.write(() =>
        repo.deleteStatement(db, request.params.id, ifMatch(request, false), actorOf(request).name),
      );
      return reply.code(204).send();
    },
  });

  await app.register(
    revisionRoutes({
      db,
      resource: 'statement',
      name: 'Statement',
      base: '/v1/statements',
      tag: 'statements',
      state: statementState,
      exists: (d, id) => findStatementRow(d, id) !== undefined,
    }),
  );
}
