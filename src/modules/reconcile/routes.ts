import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { invalidField, problemResponses } from '../../http/problem.js';
import { notFound } from '../../lib/domain-error.js';
import { findOrganizationRow } from '../organizations/head.js';
import { previewHtml } from './preview.js';
import { reconcileBatch, suggestOrganizations } from './repository.js';
import {
  BATCH_SIZE,
  manifest,
  ORGANIZATION_TYPE,
  previewQuery,
  PROPERTIES,
  reconcileForm,
  reconcileQuery,
  reconciliationBatch,
  resultBatch,
  suggestQuery,
  suggestResponse,
} from './schemas.js';

const tags = ['reconciliation'];
const JSONP = 'application/javascript';
const jsonOrJsonp = <T extends z.ZodType>(schema: T, what: string) => ({
  description: `${what}; with \`callback\`, the same JSON wrapped in a call of that function (JSONP).`,
  content: { 'application/json': { schema }, [JSONP]: { schema: z.string() } },
});

/** The spec asks for CORS on every endpoint, whatever CORS_ORIGINS says for the rest of the API. */
const openToAll = async (_request: FastifyRequest, reply: FastifyReply) => {
  reply.header('access-control-allow-origin', '*');
};

function send(reply: FastifyReply, body: unknown, callback: string | undefined) {
  if (callback === undefined) return reply.send(body);
  // `/**/` keeps a callback name from being read as the start of another file type.
  return reply.type(`${JSONP}; charset=utf-8`).send(`/**/${callback}(${JSON.stringify(body)});`);
}

/** The query batch in `queries`, checked against the spec's schema; a problem naming the field otherwise. */
function parseBatch(text: string, where: 'query' | 'body') {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidField(where, 'queries', 'is not JSON');
  }
  const batch = reconciliationBatch.safeParse(json);
  if (!batch.success) {
    const issue = batch.error.issues[0];
    throw invalidField(
      where,
      ['queries', ...(issue?.path ?? []).map(String)].join('.'),
      issue?.message ?? 'is not a reconciliation query batch',
    );
  }
  if (Object.keys(batch.data).length > BATCH_SIZE)
    throw invalidField(where, 'queries', `holds more than ${BATCH_SIZE} queries (the manifest's batchSize)`);
  return batch.data;
}

/** The service manifest: absolute URLs from PUBLIC_URL, never from the request's Host. */
function manifestFor(base: string): z.infer<typeof manifest> {
  return {
    versions: ['0.1', '0.2'],
    name: 'Undersigned organizations',
    identifierSpace: `${base}/v1/organizations/`,
    schemaSpace: 'https://schema.org/Organization',
    documentation: `${base}/docs`,
    batchSize: BATCH_SIZE,
    defaultTypes: [ORGANIZATION_TYPE],
    view: { url: `${base}/v1/organizations/{{id}}` },
    preview: { url: `${base}/reconcile/preview?id={{id}}`, width: 420, height: 160 },
    suggest: {
      entity: { service_url: base, service_path: '/reconcile/suggest/entity' },
      type: { service_url: base, service_path: '/reconcile/suggest/type' },
      property: { service_url: base, service_path: '/reconcile/suggest/property' },
    },
  };
}

export const reconcileRoutes: FastifyPluginAsyncZod<{ db: Conn; publicUrl: string }> = async (
  app,
  { db, publicUrl },
) => {
  // Form bodies (application/x-www-form-urlencoded) only here, where the spec sends them.
  await app.register(formbody);
  app.addHook('onRequest', openToAll);
  queryRoutes(app, db, publicUrl);
  suggestRoutes(app, db);
  previewRoute(app, db, publicUrl);
};

/** The manifest, and candidates for a query batch (sent as a query or as a form). */
function queryRoutes(app: RouteApp, db: Conn, publicUrl: string) {
  app.get('/reconcile', {
    schema: {
      operationId: 'reconcile',
      summary: 'Reconciliation service: the manifest, or candidates for a query batch',
      description:
        'Without `queries`: the service manifest (W3C Reconciliation API 0.2, as OpenRefine 3.x reads it). With `queries`: a result batch, candidates ' +
        "scored by the importer's own matcher (`match: true` only where an import would take that organization for the entry).",
      tags,
      querystring: reconcileQuery,
      response: {
        200: jsonOrJsonp(z.union([manifest, resultBatch]), 'The manifest, or the result batch'),
        ...problemResponses(400),
      },
    },
    handler: async (request, reply) => {
      const { queries, callback } = request.query;
      return send(
        reply,
        queries === undefined ? manifestFor(publicUrl) : reconcileBatch(db, parseBatch(queries, 'query')),
        callback,
      );
    },
  });

  // A read, sent as a form as the Reconciliation API does: needs no key.
  app.post('/reconcile', {
    config: { role: 'public' },
    schema: {
      operationId: 'reconcileBatch',
      summary: 'Reconcile a query batch (the form field `queries`)',
      description:
        'What OpenRefine sends: `application/x-www-form-urlencoded` with `queries` holding the batch as JSON. Reads only; needs no key.',
      tags,
      consumes: ['application/x-www-form-urlencoded'],
      body: reconcileForm,
      response: { 200: jsonOrJsonp(resultBatch, 'The result batch'), ...problemResponses(400) },
    },
    handler: async (request, reply) =>
      send(reply, reconcileBatch(db, parseBatch(request.body.queries, 'body')), request.body.callback),
  });
}

/** Suggestions for a prefix: organizations, and the fixed types and properties. */
function suggestRoutes(app: RouteApp, db: Conn) {
  app.get('/reconcile/suggest/entity', {
    schema: {
      operationId: 'suggestReconciliationEntities',
      summary: 'Suggest organizations for a prefix',
      description:
        'An organization id finds that organization; otherwise every word is matched as a prefix of a name, English name, alias or abbreviation.',
      tags,
      querystring: suggestQuery,
      response: { 200: jsonOrJsonp(suggestResponse, 'Suggestions'), ...problemResponses(400) },
    },
    handler: async (request, reply) =>
      send(
        reply,
        { result: suggestOrganizations(db, request.query.prefix, request.query.cursor) },
        request.query.callback,
      ),
  });

  const fixed = (kind: 'type' | 'property', items: readonly { id: string; name: string }[]) =>
    app.get(`/reconcile/suggest/${kind}`, {
      schema: {
        operationId: kind === 'type' ? 'suggestReconciliationTypes' : 'suggestReconciliationProperties',
        summary: `Suggest ${kind === 'type' ? 'the type' : 'properties'} for a prefix`,
        tags,
        querystring: suggestQuery,
        response: { 200: jsonOrJsonp(suggestResponse, 'Suggestions'), ...problemResponses(400) },
      },
      handler: async (request, reply) => {
        const prefix = request.query.prefix.trim().toLowerCase();
        const result = items
          .filter((item) => item.id.startsWith(prefix) || item.name.toLowerCase().includes(prefix))
          .slice(request.query.cursor);
        return send(reply, { result: result.map(({ id, name }) => ({ id, name })) }, request.query.callback);
      },
    });
  fixed('type', [ORGANIZATION_TYPE]);
  fixed('property', PROPERTIES);
}

/** A small HTML card of one organization. */
function previewRoute(app: RouteApp, db: Conn, publicUrl: string) {
  app.get('/reconcile/preview', {
    schema: {
      operationId: 'previewReconciliationEntity',
      summary: 'An HTML preview of an organization, for an iframe',
      tags,
      querystring: previewQuery,
      produces: ['text/html'],
      response: {
        200: { description: 'A small HTML page.', content: { 'text/html': { schema: z.string() } } },
        ...problemResponses(400, 404),
      },
    },
    handler: async (request, reply) => {
      const row = findOrganizationRow(db, request.query.id);
      if (!row) throw notFound('Organization', request.query.id);
      // Shown inside the client's page: framing by any origin, and nothing but inline styles.
      reply.removeHeader('x-frame-options');
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *");
      reply.header('cross-origin-resource-policy', 'cross-origin');
      return reply.type('text/html; charset=utf-8').send(previewHtml(row, publicUrl));
    },
  });
}
