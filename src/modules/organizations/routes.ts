import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { latest, type ReadCache } from '../../http/response-cache.js';
import { actorOf } from '../../http/auth.js';
import { etagFor, ifMatch, notModified } from '../../http/etag.js';
import { idempotencyHeaders, idempotent } from '../../http/idempotency.js';
import { listPage, nextLinkHeader } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { revisionRoutes } from '../../http/revisions.js';
import * as repo from './repository.js';
import { listOrganizations } from './search.js';
import { findOrganizationRow, getLiveOrganization, toOrganization } from './head.js';
import {
  createOrganizationQuery,
  organization,
  organizationInput,
  organizationListQuery,
  organizationPage,
  organizationPatch,
} from './schemas.js';
import { ANSWERS_HEAD, HEADERS } from '../../http/contract.js';

const tags = ['organizations'];

export const organizationRoutes: FastifyPluginAsyncZod<{ db: Conn; lane: WriteLane; reads: ReadCache }> = async (
  app,
  options,
) => {
  organizationCollection(app, options);
  await oneOrganization(app, options);
};

/** Creating organizations, and the list of them. */
function organizationCollection(app: RouteApp, { db, lane, reads }: { db: Conn; lane: WriteLane; reads: ReadCache }) {
  app.post('/v1/organizations', {
    config: { role: 'editor' },
    schema: {
      operationId: 'createOrganization',
      responseHeaders: HEADERS.created,
      summary: 'Create an organization',
      description:
        'Refused with 409 (`duplicate-organization`, naming the `existing` one) when a live organization has the same name ' +
        '(as its name or an alias) and country, or the same abbreviation and country, folded as for matching. ' +
        '`allowDuplicate=true` creates it anyway. 409 `identifier-taken` when another organization holds one of its `identifiers`.',
      tags,
      headers: idempotencyHeaders,
      querystring: createOrganizationQuery,
      body: organizationInput,
      response: { 201: organization, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    handler: async (request, reply) =>
      idempotent(lane, db, request, reply, () => {
        const created = repo.createOrganization(db, request.body, actorOf(request).name, request.query.allowDuplicate);
        return {
          status: 201,
          headers: { location: `/v1/organizations/${created.id}`, etag: etagFor(created.revision) },
          body: created,
        };
      }),
  });

  app.get('/v1/organizations', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'listOrganizations',
      responseHeaders: HEADERS.pagedRead,
      summary: 'List organizations',
      description:
        'Cursor-paginated in creation order; with `q`, ranked by relevance. `name`, `abbreviation` and `country` are exact filters ' +
        '(folded as for matching), `identifier` is exact (`wikidata:Q42`), all combinable with each other and with `q`. ' +
        'Deleted organizations, and those merged into another, are not listed.',
      tags,
      querystring: organizationListQuery,
      response: { 200: organizationPage, 304: z.undefined().describe('Not modified'), ...problemResponses(400) },
    },
    handler: async (request, reply) =>
      reads.json(request, reply, latest('organizations'), () => {
        const { limit, cursor, country, q, name, abbreviation, identifier } = request.query;
        const page = listPage(
          cursor,
          limit,
          q !== undefined,
          (from) => listOrganizations(db, { limit, country, q, name, abbreviation, identifier, ...from }),
          (row) => row.seq,
        );
        return {
          body: { items: page.items.map(toOrganization), nextCursor: page.nextCursor },
          headers: nextLinkHeader(request, page.nextCursor),
        };
      }),
  });
}

/** One organization: read, changed, deleted, and its revisions. */
async function oneOrganization(app: RouteApp, { db, lane }: { db: Conn; lane: WriteLane }) {
  app.get('/v1/organizations/:id', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getOrganization',
      responseHeaders: { 200: ['etag'], 304: ['etag'], 308: ['location'] },
      summary: 'Get an organization',
      description:
        'Sends an ETag; with a matching If-None-Match the answer is 304 with no body. An organization merged into another answers 308 ' +
        'with `Location` to the one it was merged into (whose `mergedIds` name it); its revisions, signatures and cosigners stay readable under its own id.',
      tags,
      params: idParams,
      response: {
        200: organization,
        304: z.undefined().describe('Not modified'),
        308: z.undefined().describe('Merged into the organization at `Location`.'),
        ...problemResponses(404, 410),
      },
    },
    handler: async (request, reply) => {
      const merged = findOrganizationRow(db, request.params.id)?.mergedInto;
      if (merged) return reply.header('location', `/v1/organizations/${merged}`).code(308).send();
      const row = getLiveOrganization(db, request.params.id);
      if (notModified(request, reply, row.revision)) return reply.code(304).send();
      return toOrganization(row);
    },
  });

  app.patch('/v1/organizations/:id', {
    config: { role: 'editor' },
    schema: {
      operationId: 'updateOrganization',
      responseHeaders: HEADERS.changed,
      requiredHeaders: ['if-match'],
      summary: 'Change an organization (new revision)',
      description:
        'Needs `If-Match` with the current ETag: 428 without it, 412 when it is stale. `identifiers` replaces the whole list; ' +
        '409 `identifier-taken` when another organization holds one, 409 `organization-merged` when this one was merged into another.',
      tags,
      params: idParams,
      headers: z.object({ 'if-match': z.string().optional().describe('ETag of the revision you read.') }),
      body: organizationPatch,
      response: { 200: organization, ...problemResponses(400, 401, 403, 404, 409, 410, 412, 415, 428) },
    },
    handler: async (request, reply) => {
      const matches = ifMatch(request, true);
      const updated = await lane.write(() =>
        repo.updateOrganization(db, request.params.id, request.body, matches ?? (() => false), actorOf(request).name),
      );
      return reply.header('etag', etagFor(updated.revision)).send(updated);
    },
  });

  app.delete('/v1/organizations/:id', {
    config: { role: 'editor' },
    schema: {
      operationId: 'deleteOrganization',
      summary: 'Delete an organization (soft, recorded as a revision)',
      description:
        'Later reads answer 410; the revisions stay readable. `If-Match` is honoured when sent. 409 `organization-merged` when it was merged into another.',
      tags,
      params: idParams,
      headers: z.object({ 'if-match': z.string().optional() }),
      response: { 204: z.undefined().describe('Deleted'), ...problemResponses(401, 403, 404, 409, 410, 412) },
    },
    handler: async (request, reply) => {
      await lane.write(() =>
        repo.deleteOrganization(db, request.params.id, ifMatch(request, false), actorOf(request).name),
      );
      return reply.code(204).send();
    },
  });

  await app.register(
    revisionRoutes({
      db,
      resource: 'organization',
      name: 'Organization',
      base: '/v1/organizations',
      tag: 'organizations',
      state: organization,
      exists: (d, id) => findOrganizationRow(d, id) !== undefined,
    }),
  );
}
