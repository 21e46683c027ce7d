import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { ANSWERS_HEAD, HEADERS } from '../../http/contract.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { cachedBody, latestOrPinned, sendCached, type ReadCache } from '../../http/response-cache.js';
import { notFound } from '../../lib/domain-error.js';
import { findOrganizationRow } from '../organizations/head.js';
import { isPinned } from '../timeline/schemas.js';
import { requireStatement } from '../timeline/statement.js';
import type { CosignerMemory } from './cosigner-memory.js';
import { edgesCsv, GRAPHML_TYPE, nodesCsv, toGraphml } from './formats.js';
import { cosignersOf, networkAt, overlapOf } from './repository.js';
import { cosigners, cosignersQuery, network, networkQuery, overlap, overlapQuery } from './schemas.js';

const tags = ['network'];
const notModified = z.undefined().describe('Not modified: the ETag in If-None-Match is current.');

type Options = { db: Conn; reads: ReadCache; cosigners: CosignerMemory };

export const networkRoutes: FastifyPluginAsyncZod<Options> = async (app, options) => {
  pairRoutes(app, options);
  graphRoutes(app, options);
};

/** Who signed with an organization, and what two statements share. */
function pairRoutes(app: RouteApp, { db, reads, cosigners: memory }: Options) {
  app.get('/v1/organizations/:id/cosigners', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getCosigners',
      responseHeaders: HEADERS.cachedRead,
      summary: 'The organizations that signed the same statements, ranked',
      description:
        'Each organization on a list the organization is on (as of `asOf`, as known at `knownAt`), with the number of statements shared and the Jaccard ' +
        'similarity of the two sets of statements. Deleted statements are left out; a deleted organization still answers, as its signatures stay on record.',
      tags,
      params: idParams,
      querystring: cosignersQuery,
      response: { 200: cosigners, 304: notModified, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      // A hub's read as known now waits a while for the index being read, unless its answer is kept.
      if (request.query.knownAt === undefined && !reads.holdsJson(request)) await memory.awaitFor(request.params.id);
      return reads.json(request, reply, latestOrPinned(isPinned(request.query.knownAt), 'signatures'), () => {
        if (!findOrganizationRow(db, request.params.id)) throw notFound('Organization', request.params.id);
        const { asOf, knownAt, minShared, limit } = request.query;
        const query = { asOf, knownAt, minShared, limit };
        // As known now, from memory when the index of this state is held; as known then, by SQL.
        const index = knownAt === undefined ? memory.current() : null;
        const found = cosignersOf(db, request.params.id, query, index?.counts(request.params.id, query));
        return {
          body: {
            organizationId: request.params.id,
            asOf: asOf ?? null,
            knownAt: knownAt ?? null,
            minShared,
            ...found,
          },
        };
      });
    },
  });

  app.get('/v1/statements/:id/overlap', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getStatementOverlap',
      responseHeaders: HEADERS.cachedRead,
      summary: "The overlap of two statements' lists",
      description:
        'Both lists as of `asOf`, as known at `knownAt`: who is on both, who on one only, and the Jaccard similarity.',
      tags,
      params: idParams,
      querystring: overlapQuery,
      response: { 200: overlap, 304: notModified, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) =>
      reads.json(
        request,
        reply,
        latestOrPinned(
          isPinned(request.query.knownAt),
          `statement:${request.params.id}`,
          `statement:${request.query.with}`,
        ),
        () => {
          const { with: otherId, asOf, knownAt } = request.query;
          requireStatement(db, request.params.id);
          requireStatement(db, otherId);
          return {
            body: {
              statementId: request.params.id,
              with: otherId,
              asOf: asOf ?? null,
              knownAt: knownAt ?? null,
              ...overlapOf(db, request.params.id, otherId, { asOf, knownAt }),
            },
          };
        },
      ),
  });
}

/** The whole co-signature graph. */
function graphRoutes(app: RouteApp, { db, reads }: Options) {
  app.get('/v1/network', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getNetwork',
      responseHeaders: HEADERS.cachedRead,
      summary: 'The co-signature graph',
      description:
        'A node per organization on some list (as of `asOf`, as known at `knownAt`), an undirected edge per pair on a common list, weighted by the ' +
        "number of lists shared. `format` picks JSON (networkx node-link), GraphML (Gephi, networkx, yEd) or CSV edge and node tables (Gephi's spreadsheet import). " +
        'A graph that would count more than 100,000 pairs (a list of n signatories adds n(n-1)/2) is refused with 400 `graph-too-large`.',
      tags,
      querystring: networkQuery,
      produces: ['application/json', GRAPHML_TYPE, 'text/csv'],
      response: {
        200: {
          description: 'The graph in the format asked for.',
          content: {
            'application/json': { schema: network },
            [GRAPHML_TYPE]: { schema: z.string() },
            'text/csv': { schema: z.string() },
          },
        },
        304: notModified,
        ...problemResponses(400),
      },
    },
    handler: async (request, reply) => {
      const { asOf, knownAt, format, minWeight } = request.query;
      const entry = reads.response(`${reads.version()}|network|${request.url}`, () => {
        const graph = networkAt(db, { asOf, knownAt, minWeight });
        const about = `Co-signatures as of ${asOf ?? 'the latest lists'}, as known ${knownAt ?? 'now'}; edges of weight >= ${minWeight}.`;
        if (format === 'graphml') return cachedBody(toGraphml(graph, about), `${GRAPHML_TYPE}; charset=utf-8`);
        if (format === 'csv') return cachedBody(edgesCsv(graph), 'text/csv; charset=utf-8');
        if (format === 'nodes-csv') return cachedBody(nodesCsv(graph), 'text/csv; charset=utf-8');
        const body: z.infer<typeof network> = {
          directed: false,
          multigraph: false,
          graph: { asOf: asOf ?? null, knownAt: knownAt ?? null, minWeight },
          ...graph,
        };
        return cachedBody(JSON.stringify(body), 'application/json; charset=utf-8');
      });
      if (!entry) throw new Error('a network answer is always made whole');
      return sendCached(request, reply, entry, latestOrPinned(isPinned(knownAt), 'signatures'));
    },
  });
}
