import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { decodeCursor } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import {
  latest,
  latestOrPinned,
  negotiate,
  pinnedRead,
  sendCached,
  sendStream,
  type ReadCache,
} from '../../http/response-cache.js';
import { HttpProblem, problemResponses } from '../../http/problem.js';
import { notFound } from '../../lib/domain-error.js';
import { findOrganizationRow } from '../organizations/head.js';
import { renderList, streamList, type ListRequest } from './list-response.js';
import { diffAt, organizationSignaturesAt } from './read.js';
import { TEXT_LANGUAGES } from './export.js';
import {
  asOfQuery,
  exportQuery,
  diffQuery,
  isPinned,
  LIST_PAGE,
  listQuery,
  organizationSignatures,
  signatoryDiff,
  signatoryList,
} from './schemas.js';
import { requireStatement } from './statement.js';
import { ANSWERS_HEAD, HEADERS } from '../../http/contract.js';

const tags = ['timeline'];

/** The as-of reads: who had signed, what changed, and what one organization had signed. */
export const listRoutes: FastifyPluginAsyncZod<{ db: Conn; reads: ReadCache }> = async (app, { db, reads }) => {
  const respond = listResponder(db, reads);
  signatoryRoutes(app, respond);
  exportRoutes(app, respond);
  changeRoutes(app, db, reads);
};

/** One list read, any format: made once per database state (or forever, when pinned), or streamed. */
function listResponder(db: Conn, reads: ReadCache) {
  const { version } = reads;
  const sizes = reads.memo<number>('list-size', 64);
  return (request: FastifyRequest, reply: FastifyReply, listRequest: ListRequest) => {
    // Pinned in transaction time, the answer can never change; otherwise it holds until any write.
    const pinned = isPinned(listRequest.knownAt);
    const { statementId, format, asOf, knownAt, limit, after, language } = listRequest;
    const key = [
      pinned ? 'pinned' : version(),
      format,
      statementId,
      asOf ?? '',
      knownAt ?? '',
      limit,
      after ?? '',
      language ?? '',
    ].join('|');
    const caching = latestOrPinned(pinned, `statement:${statementId}`);
    const entry = reads.response(key, () => renderList(db, listRequest, sizes));
    if (entry) return sendCached(request, reply, entry, caching);
    const { contentType, headers, stream } = streamList(db, listRequest);
    return sendStream(reply.headers(headers), contentType, caching, stream);
  };
}

type Respond = ReturnType<typeof listResponder>;

/** The list as JSON, page by page. */
function signatoryRoutes(app: RouteApp, respond: Respond) {
  app.get('/v1/statements/:id/signatories', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getSignatories',
      responseHeaders: HEADERS.pagedRead,
      summary: 'Who had signed, as of a date, as the database knew it at a moment',
      description:
        '`asOf` picks the date (valid time), `knownAt` the state of the database (transaction time): the list applies, in order of ' +
        '(asOf, seq), every event dated on or before `asOf` and recorded by `knownAt`. Organization details are as known at `knownAt` ' +
        '(default: their current ones). Paged (`limit`, default 1000; `cursor`; `nextCursor` and a `Link: rel="next"` while there is more; ' +
        '`total` is the whole list). The whole list as CSV or in the published text format: `…/signatories.csv`, `…/signatories.txt`. ' +
        'With `knownAt` more than a minute in the past the answer never changes and is cacheable forever; otherwise briefly, with a ' +
        'strong ETag (`If-None-Match` gives 304).',
      tags,
      params: idParams,
      querystring: listQuery,
      response: {
        200: signatoryList,
        304: z.undefined().describe('Not modified: the ETag in If-None-Match is current.'),
        ...problemResponses(400, 404, 406),
      },
    },
    handler: async (request, reply) => {
      if (negotiate(request, ['application/json']) === null) {
        throw new HttpProblem(
          406,
          'not-acceptable',
          `The list is JSON here; as CSV it is ${request.url.split('?')[0]}.csv, in the published text format ${request.url.split('?')[0]}.txt.`,
        );
      }
      const { asOf, knownAt, limit, cursor } = request.query;
      return respond(request, reply, {
        statementId: request.params.id,
        asOf,
        knownAt,
        format: 'application/json',
        limit,
        after: decodeCursor(cursor, 'position'),
        url: request.url,
      });
    },
  });
}

/** The whole list as CSV or in the published text format. */
function exportRoutes(app: RouteApp, respond: Respond) {
  for (const [extension, format, operationId, what] of [
    [
      'csv',
      'text/csv',
      'exportSignatoriesCsv',
      'as CSV (UTF-8, RFC 4180): a header row and a row per signatory, cells that would start a spreadsheet formula prefixed with an apostrophe',
    ],
    [
      'txt',
      'text/plain',
      'exportSignatoriesText',
      'in the published numbered format, which `POST /v1/imports` reads back, in the language of `lang`, else the best of Accept-Language, ' +
        "else the statement's own (when supported), else English: header and date, the statement's version in it, each organization's name in it in parentheses (else the English one)",
    ],
  ] as const) {
    app.get(`/v1/statements/:id/signatories.${extension}`, {
      ...ANSWERS_HEAD,
      schema: {
        operationId,
        responseHeaders:
          extension === 'txt'
            ? {
                200: [...HEADERS.cachedRead[200], 'content-language'],
                304: [...HEADERS.cachedRead[304], 'content-language'],
              }
            : HEADERS.cachedRead,
        summary: `The whole list ${extension === 'csv' ? 'as CSV' : 'as published text'}, as of a date, as known at a moment`,
        description: `The list of getSignatories ${what}. Streamed when long. Caching as for getSignatories.`,
        tags,
        params: idParams,
        querystring: exportQuery,
        produces: [format],
        response: {
          200: { description: `The list ${what}.`, content: { [format]: { schema: z.string() } } },
          304: z.undefined().describe('Not modified: the ETag in If-None-Match is current.'),
          ...problemResponses(400, 404),
        },
      },
      handler: async (request, reply) => {
        const { asOf, knownAt, lang } = request.query;
        // Accept-Language only for the text, in a language it is written in; else the statement's own.
        const accepted =
          format === 'text/plain' && request.headers['accept-language']
            ? request.accepts().languages(TEXT_LANGUAGES)
            : false;
        const language =
          format === 'text/plain' ? (lang ?? (typeof accepted === 'string' ? accepted : undefined)) : undefined;
        if (format === 'text/plain') reply.header('vary', 'Accept-Language');
        return respond(request, reply, {
          statementId: request.params.id,
          asOf,
          knownAt,
          format,
          limit: LIST_PAGE,
          url: request.url,
          language,
        });
      },
    });
  }
}

/** What changed between two dates, and what one organization had signed. */
function changeRoutes(app: RouteApp, db: Conn, reads: ReadCache) {
  app.get('/v1/statements/:id/signatories/diff', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'diffSignatories',
      responseHeaders: HEADERS.cachedRead,
      summary: 'Signatories added and withdrawn between two dates, as known at one moment',
      tags,
      params: idParams,
      querystring: diffQuery,
      response: { 200: signatoryDiff, 304: z.undefined().describe('Not modified'), ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      const { from, to, knownAt } = request.query;
      if (from > to) {
        throw new HttpProblem(400, 'validation-error', '`from` must not be after `to`.', {
          errors: [{ in: 'query', field: 'from', detail: `is after to (${to})` }],
        });
      }
      // Pinned in transaction time, a diff never changes either.
      return reads.json(request, reply, latestOrPinned(isPinned(knownAt), `statement:${request.params.id}`), () => {
        requireStatement(db, request.params.id);
        return {
          body: {
            statementId: request.params.id,
            from,
            to,
            knownAt: knownAt ?? null,
            ...diffAt(db, request.params.id, { from, to, knownAt }),
          },
        };
      });
    },
  });

  app.get('/v1/organizations/:id/signatures', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'getOrganizationSignatures',
      responseHeaders: HEADERS.cachedRead,
      summary: 'The statements an organization had signed, as of a date',
      description: 'Works for deleted organizations too: their signatures stay part of the record.',
      tags,
      params: idParams,
      querystring: asOfQuery,
      response: {
        200: organizationSignatures,
        304: z.undefined().describe('Not modified'),
        ...problemResponses(400, 404),
      },
    },
    handler: async (request, reply) =>
      reads.json(
        request,
        reply,
        isPinned(request.query.knownAt)
          ? pinnedRead(`organization:${request.params.id}`)
          : latest(`organization:${request.params.id}`, 'signatures'),
        () => {
          if (!findOrganizationRow(db, request.params.id)) throw notFound('Organization', request.params.id);
          const { asOf, knownAt } = request.query;
          return {
            body: {
              organizationId: request.params.id,
              asOf: asOf ?? null,
              knownAt: knownAt ?? null,
              items: organizationSignaturesAt(db, request.params.id, { asOf, knownAt }),
            },
          };
        },
      ),
  });
}
