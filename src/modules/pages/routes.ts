import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteApp } from '../../http/route-app.js';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { ANSWERS_HEAD, HEADERS } from '../../http/contract.js';
import { listPage } from '../../http/pagination.js';
import { idParams } from '../../http/params.js';
import { HttpProblem, problemResponses } from '../../http/problem.js';
import { cachedBody, latestOrPinned, negotiate, sendCached, type ReadCache } from '../../http/response-cache.js';
import { toStatement } from '../statements/head.js';
import { listStatements } from '../statements/search.js';
import { isPinned } from '../timeline/schemas.js';
import { html, statementPageQuery, statementsPageQuery } from './schemas.js';
import { href, statementPage } from './statement-page.js';
import type { IntegrityWorker } from '../integrity/off-thread.js';
import type { StatementIntegrity } from '../timeline/verify.js';

/** The templates, two levels above src/ and dist/ (as data/sample is). */
export const VIEWS = fileURLToPath(new URL('../../../views', import.meta.url));
const tags = ['pages'];
const HTML = 'text/html; charset=utf-8';

/** Pages are for people: a client that asks for anything but HTML is told where the JSON is. */
function htmlOnly(request: FastifyRequest, json: string) {
  if (negotiate(request, ['text/html']) === null)
    throw new HttpProblem(406, 'not-acceptable', `This page is HTML; its data as JSON is ${json}.`);
}

/**
 * Server-rendered pages (@fastify/view with eta; no scripts): a statement and its list as of any
 * date, and the statements with search. Made once per database state through the shared read
 * cache, or once for good when both dates are pinned, like the JSON they are read with.
 */
export const pageRoutes: FastifyPluginAsyncZod<{ db: Conn; reads: ReadCache; integrity: IntegrityWorker }> = async (
  app,
  { db, reads, integrity },
) => {
  await app.register(fastifyView, { engine: { eta: new Eta() }, templates: VIEWS, production: true });
  const render = pageRenderer(app, reads);
  statementsPage(app, db, render);
  statementPageRoute(app, db, render, keptChecks(reads, integrity));
};

/**
 * A statement's check, shared by its pages at every date at one database state: for a
 * 100,000-signatory list it takes 10 s.
 */
function keptChecks(reads: ReadCache, integrity: IntegrityWorker) {
  const { version } = reads;
  const checks = reads.memo<Promise<StatementIntegrity>>('integrity', 4096);
  return (statementId: string) => {
    const key = `${version()}|${statementId}`;
    return checks(key, () => {
      const report = integrity.statement(statementId);
      report.catch(() => checks.forget(key));
      return report;
    });
  };
}

type Made = { template: string; data: object; link: string };

/** A page made once per database state (or for good, when pinned), sent as a cached read. */
function pageRenderer(app: RouteApp, reads: ReadCache) {
  const { version } = reads;
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    pinned: boolean,
    purgedBy: string,
    make: () => Made | Promise<Made>,
  ) => {
    const entry = await reads.responseAsync(`${pinned ? 'pinned' : version()}|html|${key}`, async () => {
      const { template, data, link } = await make();
      return cachedBody(await app.view(template, data), HTML, {
        link: `<${link}>; rel="alternate"; type="application/json"`,
      });
    });
    return sendCached(request, reply, entry, latestOrPinned(pinned, purgedBy));
  };
}

type Render = ReturnType<typeof pageRenderer>;

/** The statements, with search. */
function statementsPage(app: RouteApp, db: Conn, render: Render) {
  app.get('/statements', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'statementsPage',
      responseHeaders: { 200: [...HEADERS.cachedRead[200], 'link'], 304: [...HEADERS.cachedRead[304], 'link'] },
      summary: 'The statements, as a web page, with search',
      description: 'The HTML of listStatements (`q` searches as there). Links to its JSON (`Link: rel="alternate"`).',
      tags,
      querystring: statementsPageQuery,
      produces: ['text/html'],
      response: { 200: html('The page.'), 304: z.undefined().describe('Not modified'), ...problemResponses(400, 406) },
    },
    handler: async (request, reply) => {
      const { q, cursor } = request.query;
      const json = href('/v1/statements', { q });
      htmlOnly(request, json);
      return render(request, reply, request.url, false, 'statements', () => {
        const limit = 50;
        const page = listPage(
          cursor,
          limit,
          q !== undefined,
          (from) => listStatements(db, { limit, q, ...from }),
          (r) => r.row.seq,
        );
        const next = page.nextCursor === null ? null : href('/statements', { q, cursor: page.nextCursor });
        return {
          template: 'statements',
          data: { items: page.items.map((item) => toStatement(item)), q, next, json },
          link: json,
        };
      });
    },
  });
}

/** One statement and its list as of a date. */
function statementPageRoute(app: RouteApp, db: Conn, render: Render, checked: ReturnType<typeof keptChecks>) {
  app.get('/statements/:id', {
    ...ANSWERS_HEAD,
    schema: {
      operationId: 'statementPage',
      responseHeaders: { 200: [...HEADERS.cachedRead[200], 'link'], 304: [...HEADERS.cachedRead[304], 'link'] },
      summary: 'A statement and its signatory list as of a date, as a web page',
      description:
        'Title, issuer, kind, date, language, source and text; the list as printed (withdrawals struck through, retractions noted) as of ' +
        '`asOf`, as known at `knownAt`; the changes since `since`; counts, downloads and the verified chain head. The same reads as ' +
        'getSignatories, diffSignatories and verifyStatementChain. With `knownAt` more than a minute in the past the page never ' +
        'changes and is cacheable forever. Links to its JSON (`Link: rel="alternate"`).',
      tags,
      params: idParams,
      querystring: statementPageQuery,
      produces: ['text/html'],
      response: {
        200: html('The page.'),
        304: z.undefined().describe('Not modified'),
        ...problemResponses(400, 404, 406),
      },
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const { asOf, knownAt, since } = request.query;
      const json = href(`/v1/statements/${encodeURIComponent(id)}/signatories`, { asOf, knownAt });
      htmlOnly(request, json);
      const key = [id, asOf ?? '', knownAt ?? '', since ?? ''].join('|');
      return render(request, reply, key, isPinned(knownAt), `statement:${request.params.id}`, async () => {
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        // The chain is verified on the integrity worker (10 s for a 100,000-signatory list), once per database state.
        const page = await statementPage(db, id, { asOf, knownAt, since }, now, checked);
        return { template: 'statement', data: { page }, link: json };
      });
    },
  });
}
