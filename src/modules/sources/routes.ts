import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { idParams } from '../../http/params.js';
import { invalidField, problemResponses } from '../../http/problem.js';
import { refusedUrl } from '../../lib/safe-target.js';
import { requireLiveStatement } from '../timeline/state.js';
import { checkSource, type SourceOptions } from './check.js';
import { createSource, deleteSource, getLiveSource, listSources, toSource } from './repository.js';
import { checkResult, source, sourceInput, sourceList } from './schemas.js';

const tags = ['sources'];

export const sourceRoutes: FastifyPluginAsyncZod<{ db: Conn; lane: WriteLane; options: SourceOptions }> = async (
  app,
  options,
) => {
  statementSources(app, options);
  oneSource(app, options);
};

/** Watching a source for a statement, and a statement's sources. */
function statementSources(app: RouteApp, { db, lane, options }: { db: Conn; lane: WriteLane; options: SourceOptions }) {
  app.post('/v1/statements/:id/sources', {
    config: { role: 'editor' },
    schema: {
      operationId: 'watchSource',
      responseHeaders: { 201: ['location'] },
      summary: "Watch a page or PDF that publishes the statement's list (editor)",
      description:
        'Fetched at once and then `every` (default PT6H), off the event loop, with conditional requests (ETag, Last-Modified), a size and a time limit, ' +
        'http(s) only, every redirect judged again, and no private address unless the server allows it (`OUTBOUND_ALLOW_PRIVATE`). When the list it ' +
        'publishes differs from the record, the change becomes a proposal; the document is kept.',
      tags,
      params: idParams,
      body: sourceInput,
      response: { 201: source, ...problemResponses(401, 403, 404, 410) },
    },
    handler: async (request, reply) => {
      const refused = refusedUrl(new URL(request.body.url), options.allowPrivate, options.allowHosts);
      if (refused !== null) throw invalidField('body', 'url', refused);
      requireLiveStatement(db, request.params.id);
      const row = await lane.write(() => createSource(db, request.params.id, request.body, actorOf(request).name), {
        quiet: true,
      });
      return reply.code(201).header('location', `/v1/sources/${row.id}`).send(toSource(row));
    },
  });

  app.get('/v1/statements/:id/sources', {
    schema: {
      operationId: 'listSources',
      summary: 'The sources watched for a statement',
      tags,
      params: idParams,
      response: { 200: sourceList, ...problemResponses(404, 410) },
    },
    handler: async (request) => {
      requireLiveStatement(db, request.params.id);
      return { items: listSources(db, request.params.id).map(toSource) };
    },
  });
}

/** One watched source: read, unwatched, checked now. */
function oneSource(app: RouteApp, { db, lane, options }: { db: Conn; lane: WriteLane; options: SourceOptions }) {
  app.get('/v1/sources/:id', {
    schema: {
      operationId: 'getSource',
      summary: 'A watched source and how its last check went',
      tags,
      params: idParams,
      response: { 200: source, ...problemResponses(404, 410) },
    },
    handler: async (request) => toSource(getLiveSource(db, request.params.id)),
  });

  app.delete('/v1/sources/:id', {
    config: { role: 'editor' },
    schema: {
      operationId: 'unwatchSource',
      summary: 'Stop watching a source (editor); its documents and proposals remain',
      tags,
      params: idParams,
      response: { 204: z.undefined().describe('No longer watched'), ...problemResponses(401, 403, 404, 410) },
    },
    handler: async (request, reply) => {
      await lane.write(() => deleteSource(db, request.params.id), { quiet: true });
      return reply.code(204).send();
    },
  });

  app.post('/v1/sources/:id/check', {
    config: { role: 'editor' },
    schema: {
      operationId: 'checkSource',
      summary: 'Fetch a watched source now (editor)',
      description:
        'The same check the schedule makes, now: its outcome, and the proposal it made when the list changed.',
      tags,
      params: idParams,
      response: { 200: checkResult, ...problemResponses(401, 403, 404, 410) },
    },
    handler: async (request) => {
      const result = await checkSource(db, lane, options, request.params.id);
      return { outcome: result.outcome, source: toSource(result.source), proposalId: result.proposalId };
    },
  });
}
