import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import { inTransaction, type Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { ANSWERS_HEAD } from '../../http/contract.js';
import { matchesIfNoneMatch } from '../../http/etag.js';
import { invalidField, problemResponses } from '../../http/problem.js';
import { documentRecord, fileNameOf, getDocument, keepDocument } from './repository.js';
import {
  DOCUMENT_BODY_LIMIT,
  DOCUMENT_MEDIA_TYPES,
  documentBody,
  documentParams,
  documentQuery,
  documentRecord as documentRecordSchema,
} from './schemas.js';

const tags = ['documents'];
const notModified = z
  .undefined()
  .describe('Not modified: the ETag in If-None-Match is current (a document never changes).');

/** The bytes as stored: the route's contract documents them per media type, which the type provider cannot type. */
const sendBytes = (reply: FastifyReply, bytes: Buffer) => reply.send(bytes);

/** Content-Disposition with a file name any client can read (RFC 6266, RFC 8187 for non-ASCII). */
function disposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const documentRoutes: FastifyPluginAsyncZod<{ db: Conn; lane: WriteLane }> = async (app, options) => {
  keepRoutes(app, options);
  documentReads(app, options);
};

/** Keeping a document (its media types are read as bytes in this plugin only). */
function keepRoutes(app: RouteApp, { db, lane }: { db: Conn; lane: WriteLane }) {
  // Documents arrive as their own bytes; only this plugin's routes take these media types raw.
  app.addContentTypeParser(
    [...DOCUMENT_MEDIA_TYPES],
    { parseAs: 'buffer', bodyLimit: DOCUMENT_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post('/v1/documents', {
    bodyLimit: DOCUMENT_BODY_LIMIT,
    config: { role: 'editor', tooLarge: `The document is over the limit of 25 MiB (${DOCUMENT_BODY_LIMIT} bytes).` },
    schema: {
      operationId: 'keepDocument',
      responseHeaders: { 200: ['location'], 201: ['location'] },
      summary: 'Keep a document as evidence (a published list as HTML, PDF or text)',
      description:
        'Stores the bytes once, by their SHA-256, with this capture (where from, when, as which file). 201 when new, 200 when the same bytes ' +
        "were kept already (the capture is added). Name it in an event (`document` in `POST /v1/statements/{id}/events`) and the event's " +
        `hash covers it. Up to ${DOCUMENT_BODY_LIMIT / 1024 / 1024} MiB; ${DOCUMENT_MEDIA_TYPES.join(', ')}.`,
      tags,
      querystring: documentQuery,
      consumes: [...DOCUMENT_MEDIA_TYPES],
      response: { 200: documentRecordSchema, 201: documentRecordSchema, ...problemResponses(401, 403) },
    },
    handler: async (request, reply) => {
      const { body } = request;
      if (!Buffer.isBuffer(body) || body.byteLength === 0)
        throw invalidField('body', 'body', "is empty: send the document's bytes");
      const mediaType = (request.headers['content-type'] ?? '').toLowerCase();
      const { url, fileName, capturedAt } = request.query;
      const kept = await lane.write(() =>
        inTransaction(db, () => {
          const { sha256, created } = keepDocument(
            db,
            { bytes: body, mediaType },
            {
              url,
              fileName,
              capturedAt: capturedAt && new Date(capturedAt).toISOString(),
              recordedBy: actorOf(request).name,
            },
          );
          return { created, record: documentRecord(db, sha256) };
        }),
      );
      return reply
        .code(kept.created ? 201 : 200)
        .header('location', `/v1/documents/${kept.record.sha256}`)
        .send(kept.record);
    },
  });
}

/** A kept document's bytes, and what is known of it. */
function documentReads(app: RouteApp, { db }: { db: Conn; lane: WriteLane }) {
  app.get('/v1/documents/:sha256', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getDocument',
      responseHeaders: {
        200: ['etag', 'cache-control', 'content-digest', 'digest', 'content-disposition'],
        304: ['etag', 'cache-control'],
      },
      summary: 'A kept document, byte for byte',
      description:
        'Immutable: cache it forever. HTML is served sandboxed (no script runs, nothing loads): it is evidence, not a page of this site.',
      tags,
      params: documentParams,
      response: { 200: documentBody, 304: notModified, ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      const row = getDocument(db, request.params.sha256);
      const etag = `"${row.sha256}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable');
      if (matchesIfNoneMatch(request, etag)) return reply.code(304).send();
      const digest = Buffer.from(row.sha256, 'hex').toString('base64');
      const fileName = fileNameOf(db, row.sha256);
      reply
        .type(row.mediaType)
        .header('content-digest', `sha-256=:${digest}:`)
        .header('digest', `SHA-256=${digest}`)
        // An archived page must not run as this origin's: sandboxed, and nothing loads.
        .header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      if (fileName) reply.header('content-disposition', disposition(fileName));
      return sendBytes(reply, row.bytes);
    },
  });

  app.get('/v1/documents/:sha256/meta', {
    schema: {
      operationId: 'getDocumentRecord',
      summary: 'What is known of a kept document: its type, size, each capture, and the events read from it',
      tags,
      params: documentParams,
      response: { 200: documentRecordSchema, ...problemResponses(404) },
    },
    handler: async (request) => documentRecord(db, request.params.sha256),
  });
}
