/**
 * Hand-written peers: bare Fastify (logger off) and better-sqlite3 on a read-only connection to
 * the server's own database file, statements prepared once, answering one of the server's reads
 * with the same SQL semantics and the same JSON shape. What the server spends beyond this is
 * what its framework, validation and query builder cost. PEER_ROUTE picks the read, so each
 * peer runs in a process (and event loop) of its own.
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { fold } from '#dist/lib/fold.js';
import { languageNames, listAt } from './signatory-list.js';
import { END_OF_TIME, prepareQueries } from './sqlite-queries.js';

const { PEER_PORT, PEER_DB, PEER_ROUTE } = process.env;
if (!PEER_PORT || !PEER_DB || !PEER_ROUTE) throw new Error('PEER_PORT, PEER_DB and PEER_ROUTE are required');

const db = new Database(PEER_DB, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const q = prepareQueries(db);

const notFound = (what: string, id: string) => ({
  type: 'urn:undersigned:problem:not-found',
  title: 'Not Found',
  status: 404,
  detail: `${what} ${id} does not exist.`,
});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const app = Fastify({ logger: false });
app.get('/ready', async () => ({ ok: true }));

if (PEER_ROUTE === 'list') {
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/v1/statements/:id/signatories',
    async (request, reply) => {
      const id = request.params.id;
      const statement = q.statement.get(id);
      if (!statement) return reply.code(404).type('application/problem+json').send(notFound('Statement', id));
      const asOf = text(request.query.asOf);
      const knownAt = text(request.query.knownAt);
      const cursor = text(request.query.cursor);
      const after = cursor === undefined ? undefined : cursorKey(cursor);
      const { nextAfter, ...list } = listAt(q, id, {
        asOf,
        knownAt,
        limit: Number(text(request.query.limit) ?? 1000),
        after,
      });
      const nextCursor =
        nextAfter === null ? null : Buffer.from(JSON.stringify({ k: nextAfter, t: 'position' })).toString('base64url');
      if (nextCursor) reply.header('link', nextLink(request.url, nextCursor));
      // The printed count as known then, compared on the latest list only.
      const then = knownAt === undefined ? undefined : q.statementThen.get(id, knownAt);
      const stored: unknown = then
        ? Reflect.get(Object(JSON.parse(then.state)), 'declaredCount')
        : statement.declaredCount;
      const declaredCount = typeof stored === 'number' ? stored : null;
      const latest =
        asOf === undefined ||
        list.eventAsOf ===
          (list.knownSeq === null ? null : (q.eventAsOf.get(id, list.knownSeq, END_OF_TIME)?.asOf ?? null));
      const declaredCountMismatch =
        latest && declaredCount !== null && declaredCount !== list.total
          ? { declared: declaredCount, total: list.total }
          : null;
      const { knownSeq, eventAsOf, total, items } = list;
      return {
        statementId: id,
        asOf: asOf ?? null,
        knownAt: knownAt ?? null,
        knownSeq,
        eventAsOf,
        total,
        declaredCount,
        declaredCountMismatch,
        items,
        nextCursor,
      };
    },
  );
} else if (PEER_ROUTE === 'diff') {
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/v1/statements/:id/signatories/diff',
    async (request, reply) => {
      const id = request.params.id;
      if (!q.statement.get(id)) return reply.code(404).type('application/problem+json').send(notFound('Statement', id));
      const from = text(request.query.from) ?? '';
      const to = text(request.query.to) ?? '';
      const knownAt = text(request.query.knownAt);
      const before = listAt(q, id, { asOf: from, knownAt });
      const after = listAt(q, id, { asOf: to, knownAt });
      const fromOrgs = new Set(before.items.map((s) => s.organization.id));
      const toOrgs = new Set(after.items.map((s) => s.organization.id));
      return {
        statementId: id,
        from,
        to,
        knownAt: knownAt ?? null,
        knownSeq: after.knownSeq,
        added: after.items.filter((s) => !fromOrgs.has(s.organization.id)),
        withdrawn: before.items.filter((s) => !toOrgs.has(s.organization.id)),
      };
    },
  );
} else if (PEER_ROUTE === 'org') {
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/v1/organizations/:id/signatures',
    async (request, reply) => {
      const id = request.params.id;
      if (!q.organization.get(id))
        return reply.code(404).type('application/problem+json').send(notFound('Organization', id));
      const asOf = text(request.query.asOf);
      const knownAt = text(request.query.knownAt);
      const params = { organizationId: id, asOf: asOf ?? END_OF_TIME };
      const rows =
        knownAt === undefined ? q.orgSignaturesLatest.all(params) : q.orgSignatures.all({ ...params, knownAt });
      const items = rows.map((r) => ({
        statement: { id: r.statementId, title: r.title, issuer: r.issuer, publishedOn: r.publishedOn },
        signatureId: r.signatureId,
        position: r.position,
        addedAsOf: r.addedAsOf,
        printedAs: r.printedAs,
      }));
      return { organizationId: id, asOf: asOf ?? null, knownAt: knownAt ?? null, items };
    },
  );
} else if (PEER_ROUTE === 'search') {
  app.get<{ Querystring: Record<string, unknown> }>('/v1/organizations', async (request, reply) => {
    const limit = Number(text(request.query.limit) ?? 50);
    const offset = 0;
    // The same folding and prefix-term quoting as ftsQuery in src/db/fts.ts.
    const words = fold(text(request.query.q) ?? '')
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    const rows = words.length ? q.search.all(words.map((w) => `"${w}"*`).join(' '), limit + 1, offset) : [];
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id,
      abbreviation: r.abbreviation,
      name: r.name,
      nameEn: r.name_en,
      names: languageNames(r.names),
      aliases: parseAliases(r.aliases),
      country: r.country,
      website: r.website,
      identifiers: jsonArray(r.identifiers),
      mergedIds: jsonArray(r.merged_ids),
      revision: r.revision,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
    }));
    const nextCursor =
      rows.length > limit ? Buffer.from(JSON.stringify({ k: offset + limit, t: 'rank' })).toString('base64url') : null;
    if (nextCursor) reply.header('link', nextLink(request.url, nextCursor));
    return { items, nextCursor };
  });
} else {
  throw new Error(`unknown PEER_ROUTE ${PEER_ROUTE}`);
}

/** The key of an opaque cursor (base64url JSON `{k, t}`, src/http/pagination.ts). */
function cursorKey(cursor: string): number | undefined {
  const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  const key = typeof value === 'object' && value !== null && 'k' in value ? value.k : undefined;
  return typeof key === 'number' ? key : undefined;
}

function nextLink(requestUrl: string, cursor: string): string {
  const url = new URL(requestUrl, 'http://placeholder');
  url.searchParams.set('cursor', cursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

/** A JSON array column as stored (identifiers are objects, merged ids strings), served as it is. */
function jsonArray(json: string): unknown[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.map((item: unknown) => item) : [];
}

function parseAliases(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
}

await app.listen({ port: Number(PEER_PORT), host: '127.0.0.1' });
