import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Conn } from '../../db/client.js';
import { encodeCursor } from '../../http/pagination.js';
import { cachedBody, type CachedBody } from '../../http/response-cache.js';
import { countMismatch, statementStateAsKnown } from '../statements/head.js';
import { csvWriter, textWriter, type ListWriter } from './export.js';
import { eventAsOfAt, knownSeqAt } from './events.js';
import { longestListBound, signatoriesAt, signatoryListAt, type Remember } from './read.js';
import { requireStatement } from './statement.js';

/**
 * One statement's list as a response: JSON pages, or the whole list as CSV or published text.
 * Small responses are made whole (and cached by the route); a long export is streamed page by
 * page, yielding to the event loop between pages, at one fixed state of knowledge.
 */

export type ListFormat = 'application/json' | 'text/csv' | 'text/plain';

export interface ListRequest {
  statementId: string;
  asOf?: string | undefined;
  knownAt?: string | undefined;
  format: ListFormat;
  /** JSON only: the page. */
  limit: number;
  after?: number | undefined;
  /** The request's path and query, for the `Link` to the next page. */
  url: string;
  /** Published text only: the language asked for (else the statement's own, else English). */
  language?: string | undefined;
}

/** Exports longer than this are streamed rather than held in memory whole. */
export const STREAM_ABOVE = 2000;
/** A streamed page: small enough that reading it never holds the event loop for long. */
const PAGE = 250;

const contentTypes: Record<ListFormat, string> = {
  'application/json': 'application/json; charset=utf-8',
  'text/csv': 'text/csv; charset=utf-8',
  'text/plain': 'text/plain; charset=utf-8',
};

function nextLink(url: string, cursor: string): string {
  const next = new URL(url, 'http://placeholder');
  next.searchParams.set('cursor', cursor);
  return `<${next.pathname}${next.search}>; rel="next"`;
}

/** RFC 8288 link from JSON to the page people read (GET /statements/{id}) for the same dates. */
export function pageLink(
  statementId: string,
  dates: { asOf?: string | undefined; knownAt?: string | undefined },
): string {
  const query = new URLSearchParams(
    Object.entries(dates).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  return `</statements/${encodeURIComponent(statementId)}${query ? `?${query}` : ''}>; rel="alternate"; type="text/html"`;
}

function writerFor(db: Conn, request: ListRequest, eventAsOf: string | null): ListWriter {
  if (request.format === 'text/csv') return csvWriter;
  const row = requireStatement(db, request.statementId);
  return textWriter(statementStateAsKnown(db, row, request.knownAt), request.asOf ?? eventAsOf, request.language);
}

const languageHeader = (writer: ListWriter): Record<string, string> =>
  writer.language ? { 'content-language': writer.language } : {};

/** The whole response, or null when it is an export too long to hold: then stream it. */
export function renderList(db: Conn, request: ListRequest, sizes?: Remember<number>): CachedBody | null {
  const row = requireStatement(db, request.statementId);
  const { statementId, asOf, knownAt } = request;
  if (request.format === 'application/json') {
    const list = signatoryListAt(db, statementId, { asOf, knownAt, limit: request.limit, after: request.after, sizes });
    const nextCursor = list.nextAfter === null ? null : encodeCursor(list.nextAfter, 'position');
    const { knownSeq, eventAsOf, total, items } = list;
    // The printed count speaks for the latest list: an earlier one is not compared with it.
    const declaredCount = statementStateAsKnown(db, row, knownAt).declaredCount;
    const latest = asOf === undefined || eventAsOf === eventAsOfAt(db, statementId, knownSeq);
    const declaredCountMismatch = latest ? countMismatch(declaredCount, total) : null;
    const body = JSON.stringify({
      statementId,
      asOf: asOf ?? null,
      knownAt: knownAt ?? null,
      knownSeq,
      eventAsOf,
      total,
      declaredCount,
      declaredCountMismatch,
      items,
      nextCursor,
    });
    const links = [
      ...(nextCursor ? [nextLink(request.url, nextCursor)] : []),
      pageLink(statementId, { asOf, knownAt }),
    ];
    return cachedBody(body, contentTypes[request.format], { link: links.join(', ') });
  }
  // Decided by one index probe, not by reading the list: for a 100,000-signatory statement,
  // reading 2,000 rows and counting the rest held the event loop 100-200 ms. A statement that once
  // had more signatures than that streams even if its list at this date is shorter.
  if (longestListBound(db, statementId) > STREAM_ABOVE) return null;
  const knownSeq = knownSeqAt(db, statementId, knownAt);
  const items = signatoriesAt(db, statementId, knownSeq, { asOf, knownAt });
  const writer = writerFor(db, request, eventAsOfAt(db, statementId, knownSeq, asOf));
  return cachedBody(writer.head + writer.rows(items, 0), contentTypes[request.format], languageHeader(writer));
}

/** A long export, page by page. Held at the knowledge of its first page, so pages stay consistent. */
export function streamList(
  db: Conn,
  request: ListRequest,
): { contentType: string; headers: Record<string, string>; stream: Readable } {
  const { knownAt } = request;
  const knownSeq = knownSeqAt(db, request.statementId, knownAt);
  const writer = writerFor(db, request, eventAsOfAt(db, request.statementId, knownSeq, request.asOf));
  const atSeq = knownSeq ?? 0;
  async function* pages() {
    yield writer.head;
    let after = 0;
    let written = 0;
    for (;;) {
      const items = signatoriesAt(db, request.statementId, knownSeq, {
        asOf: request.asOf,
        knownAt,
        atSeq,
        after,
        limit: PAGE,
      });
      if (items.length === 0) return;
      yield writer.rows(items, written);
      written += items.length;
      after = items.at(-1)?.position ?? after;
      await yieldToEventLoop();
    }
  }
  return { contentType: contentTypes[request.format], headers: languageHeader(writer), stream: Readable.from(pages()) };
}
