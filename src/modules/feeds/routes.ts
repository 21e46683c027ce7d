import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { ANSWERS_HEAD, HEADERS } from '../../http/contract.js';
import { idParams } from '../../http/params.js';
import { problemResponses } from '../../http/problem.js';
import { cachedBody, latest, sendCached, type ReadCache } from '../../http/response-cache.js';
import type { Keyring } from '../signing/key-history.js';
import { currentTreeHead, signTreeHead } from '../log/heads.js';
import type { SignedTreeHead } from '../log/schemas.js';
import { requireStatement } from '../timeline/statement.js';
import { atomFeed } from './atom.js';
import { buildFeed, jsonFeed11, type FeedScope } from './feed.js';
import { FEED_EVENTS, recentEvents, recentProposals } from './repository.js';
import { ATOM, atomResponse, JSON_FEED, jsonFeedResponse } from './schemas.js';

const tags = ['feeds'];

const notModified = z.undefined().describe('Not modified: the ETag in If-None-Match is current.');

/**
 * Feeds of signatory events, per statement and for everything, as Atom and JSON Feed. Made once
 * per database state through the shared read cache; a reader polling with If-None-Match gets 304
 * until something is recorded.
 */
export const feedRoutes: FastifyPluginAsyncZod<{
  db: Conn;
  reads: ReadCache;
  keyring: Keyring;
  publicUrl: string;
}> = async (app, { db, reads, keyring, publicUrl }) => {
  const treeHead = signedHeadPerState(db, reads, keyring);
  const send = async (
    request: FastifyRequest,
    reply: FastifyReply,
    format: 'atom' | 'json',
    statementId: string | undefined,
  ) => {
    const signedHead = await treeHead();
    // Links in a feed are absolute (a reader resolves them without the feed's own URL), from
    // PUBLIC_URL: never from the request's Host, which would let anyone write links into a cached feed.
    const origin = publicUrl;
    const entry = reads.response(`${reads.version()}|feed|${format}|${statementId ?? ''}`, () => {
      const row = statementId === undefined ? null : requireStatement(db, statementId);
      const base = row ? `/v1/statements/${encodeURIComponent(row.id)}/feed` : '/v1/feed';
      const scope: FeedScope = { origin, statement: row, atomPath: `${base}.atom`, jsonPath: `${base}.json` };
      const feed = buildFeed(scope, recentEvents(db, statementId), recentProposals(db, statementId));
      return format === 'atom'
        ? cachedBody(atomFeed(feed, signedHead), ATOM)
        : cachedBody(jsonFeed11(feed, row?.language ?? 'en', signedHead), JSON_FEED);
    });
    if (!entry) throw new Error('a feed is always made whole');
    return sendCached(
      request,
      reply,
      entry,
      latest(statementId === undefined ? 'statements' : `statement:${statementId}`),
    );
  };
  for (const [format, extension, produces, response] of [
    ['atom', 'atom', 'application/atom+xml', atomResponse],
    ['json', 'json', 'application/feed+json', jsonFeedResponse],
  ] as const) {
    const name = format === 'atom' ? 'Atom (RFC 4287)' : 'JSON Feed 1.1';
    app.get(`/v1/statements/:id/feed.${extension}`, {
      ...ANSWERS_HEAD,
      schema: {
        operationId: format === 'atom' ? 'statementFeedAtom' : 'statementFeedJson',
        responseHeaders: HEADERS.cachedRead,
        summary: `Changes to a statement's list, as ${name}`,
        description: description(`One statement's list as ${name}`),
        tags,
        params: idParams,
        produces: [produces],
        response: { 200: response, 304: notModified, ...problemResponses(404) },
      },
      handler: async (request, reply) => send(request, reply, format, request.params.id),
    });
    app.get(`/v1/feed.${extension}`, {
      ...ANSWERS_HEAD,
      schema: {
        operationId: format === 'atom' ? 'feedAtom' : 'feedJson',
        responseHeaders: HEADERS.cachedRead,
        summary: `Changes to every statement's list, as ${name}`,
        description: description(`Every statement (deleted ones left out) as ${name}`),
        tags,
        produces: [produces],
        response: { 200: response, 304: notModified, ...problemResponses(429) },
      },
      handler: async (request, reply) => send(request, reply, format, undefined),
    });
  }
};

/** The log's head, signed once per database state: every feed made in that state carries it. */
function signedHeadPerState(db: Conn, reads: ReadCache, keyring: Keyring): () => Promise<SignedTreeHead> {
  let head: { version: string; signed: Promise<SignedTreeHead> } | null = null;
  return () => {
    const version = reads.version();
    if (head?.version !== version) {
      const current = currentTreeHead(db);
      head = {
        version,
        signed: signTreeHead(keyring.current, current).then((signed) => ({
          ...current,
          kid: keyring.current.kid,
          signed,
          witnesses: [],
        })),
      };
    }
    return head.signed;
  };
}

const description = (what: string) =>
  `${what}: one entry per signatory event (who was added, withdrew or was retracted, as of when, recorded when), the newest ${FEED_EVENTS}, ` +
  'newest first. Entry ids and dates never change. A strong ETag: poll with If-None-Match and get 304 until something is recorded.';
