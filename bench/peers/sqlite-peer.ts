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

const { PEER_PORT, PEER_DB, PEER_ROUTE } = process.env;
if (!PEER_PORT || !PEER_DB || !PEER_ROUTE) throw new Error('PEER_PORT, PEER_DB and PEER_ROUTE are required');

const db = new Database(PEER_DB, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');

interface ListRow {
  position: number;
  signatureId: string;
  addedAsOf: string;
  printedAs: string | null;
  printedNumber: number | null;
  id: string;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  names: string;
  country: string | null;
  state: string | null;
}
interface OrganizationRow {
  id: string;
  abbreviation: string | null;
  name: string;
  name_en: string | null;
  names: string;
  aliases: string;
  country: string | null;
  website: string | null;
  identifiers: string;
  merged_ids: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
interface OrgSignatureRow {
  statementId: string;
  title: string;
  issuer: string;
  publishedOn: string | null;
  signatureId: string;
  position: number;
  addedAsOf: string;
  printedAs: string | null;
}
type ListParams = {
  statementId: string;
  asOf: string;
  knownSeq: number;
  knownAt: string;
  after: number;
  limit: number;
};

/** Later than any date an event may carry, as in src/modules/timeline/read.ts. */
const END_OF_TIME = '9999-12-31';
/**
 * The semantics of src/modules/timeline/read.ts: each entry as printed by the list that opened
 * its current stretch (else as first recorded); as known now, organizations as they are now; as
 * known at a moment, spans and organizations (their last revision by then) as known then.
 */
const opening = (column: string, known: string) => `coalesce((SELECT i.${column} FROM signatory_event_items i
    JOIN signatory_events e ON e.statement_id = i.statement_id AND e.seq = i.seq
    WHERE i.signature_id = sp.signature_id AND i.kind = 'add' AND e.as_of = sp.valid_from AND ${known} ORDER BY i.seq LIMIT 1), s.${column})`;
const listSql = (known: string, itemKnown: string, state: string) => `
  SELECT sp.position, sp.signature_id AS signatureId, sp.valid_from AS addedAsOf,
         ${opening('printed_as', itemKnown)} AS printedAs, ${opening('printed_number', itemKnown)} AS printedNumber,
         o.id, o.abbreviation, o.name, o.name_en AS nameEn, o.names, o.country, ${state} AS state
  FROM signature_spans sp
  JOIN signatures s ON s.id = sp.signature_id
  JOIN organizations o ON o.id = sp.organization_id
  WHERE sp.statement_id = :statementId AND sp.position > :after AND ${known}
    AND sp.valid_from <= :asOf AND (sp.valid_to IS NULL OR sp.valid_to > :asOf)
  ORDER BY sp.position LIMIT :limit`;
const knownNow = 'sp.known_to IS NULL';
const knownThen = 'sp.known_from <= :knownSeq AND (sp.known_to IS NULL OR sp.known_to > :knownSeq)';
const stateThen = `(SELECT r.state FROM revisions r WHERE r.resource = 'organization' AND r.resource_id = sp.organization_id
    AND r.recorded_at <= :knownAt ORDER BY r.revision DESC LIMIT 1)`;
const countSql = (known: string) =>
  `SELECT count(*) AS n FROM signature_spans sp WHERE sp.statement_id = :statementId AND ${known} AND sp.valid_from <= :asOf AND (sp.valid_to IS NULL OR sp.valid_to > :asOf)`;

const q = {
  statement: db.prepare<[string], { id: string; declaredCount: number | null }>(
    'SELECT id, declared_count AS declaredCount FROM statements WHERE id = ?',
  ),
  statementThen: db.prepare<[string, string], { state: string }>(
    "SELECT state FROM revisions WHERE resource = 'statement' AND resource_id = ? AND recorded_at <= ? ORDER BY revision DESC LIMIT 1",
  ),
  organization: db.prepare<[string], { id: string }>('SELECT id FROM organizations WHERE id = ?'),
  latestSeq: db.prepare<[string], { seq: number }>(
    'SELECT seq FROM signatory_events WHERE statement_id = ? ORDER BY statement_id DESC, recorded_at DESC, seq DESC LIMIT 1',
  ),
  knownSeq: db.prepare<[string, string], { seq: number }>(
    'SELECT seq FROM signatory_events WHERE statement_id = ? AND recorded_at <= ? ORDER BY statement_id DESC, recorded_at DESC, seq DESC LIMIT 1',
  ),
  eventAsOf: db.prepare<[string, number, string], { asOf: string }>(
    'SELECT as_of AS asOf FROM signatory_events WHERE statement_id = ? AND seq <= ? AND as_of <= ? ORDER BY statement_id DESC, as_of DESC LIMIT 1',
  ),
  latest: db.prepare<ListParams, ListRow>(listSql(knownNow, '1 = 1', 'NULL')),
  asKnown: db.prepare<ListParams, ListRow>(listSql(knownThen, 'i.seq <= :knownSeq', stateThen)),
  countLatest: db.prepare<{ statementId: string; asOf: string }, { n: number }>(countSql(knownNow)),
  countKnown: db.prepare<{ statementId: string; asOf: string; knownSeq: number }, { n: number }>(countSql(knownThen)),
  orgSignaturesLatest: db.prepare<{ organizationId: string; asOf: string }, OrgSignatureRow>(`
    SELECT st.id AS statementId, st.title, st.issuer, st.published_on AS publishedOn,
           sp.signature_id AS signatureId, sp.position, sp.valid_from AS addedAsOf, s.printed_as AS printedAs
    FROM signature_spans sp
    JOIN signatures s ON s.id = sp.signature_id
    JOIN statements st ON st.id = sp.statement_id
    WHERE sp.organization_id = :organizationId AND st.deleted_at IS NULL AND sp.known_to IS NULL
      AND sp.valid_from <= :asOf AND (sp.valid_to IS NULL OR sp.valid_to > :asOf)
    ORDER BY st.seq, sp.position`),
  orgSignatures: db.prepare<{ organizationId: string; asOf: string; knownAt: string }, OrgSignatureRow>(`
    SELECT st.id AS statementId, st.title, st.issuer, st.published_on AS publishedOn,
           sp.signature_id AS signatureId, sp.position, sp.valid_from AS addedAsOf, s.printed_as AS printedAs
    FROM signature_spans sp
    JOIN signatures s ON s.id = sp.signature_id
    JOIN statements st ON st.id = sp.statement_id
    JOIN (SELECT e.statement_id, (SELECT k.seq FROM signatory_events k WHERE k.statement_id = e.statement_id AND k.recorded_at <= :knownAt
                                   ORDER BY k.statement_id DESC, k.recorded_at DESC, k.seq DESC LIMIT 1) AS seq
          FROM (SELECT DISTINCT statement_id FROM signature_spans WHERE organization_id = :organizationId) e) ks ON ks.statement_id = sp.statement_id
    WHERE sp.organization_id = :organizationId AND st.deleted_at IS NULL
      AND sp.valid_from <= :asOf AND (sp.valid_to IS NULL OR sp.valid_to > :asOf)
      AND sp.known_from <= ks.seq AND (sp.known_to IS NULL OR sp.known_to > ks.seq)
    ORDER BY st.seq, sp.position`),
  search: db.prepare<[string, number, number], OrganizationRow>(`
    SELECT o.id, o.abbreviation, o.name, o.name_en, o.names, o.aliases, o.country, o.website, o.identifiers, o.merged_ids, o.revision, o.created_at, o.updated_at, o.deleted_at
    FROM organizations_fts f JOIN organizations o ON o.seq = f.rowid
    WHERE organizations_fts MATCH ? AND o.deleted_at IS NULL AND o.merged_into IS NULL
    ORDER BY bm25(organizations_fts), o.seq LIMIT ? OFFSET ?`),
};

const notFound = (what: string, id: string) => ({
  type: 'urn:undersigned:problem:not-found',
  title: 'Not Found',
  status: 404,
  detail: `${what} ${id} does not exist.`,
});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

interface LanguageName {
  lang: string;
  name: string;
}
interface OrganizationRef {
  id: string;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  names: LanguageName[];
  country: string | null;
}

/** Names in other languages as the organizations table stores them (JSON), or as a revision holds them (absent while empty). */
function languageNames(value: unknown): LanguageName[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((n: unknown) =>
    typeof n === 'object' &&
    n !== null &&
    'lang' in n &&
    'name' in n &&
    typeof n.lang === 'string' &&
    typeof n.name === 'string'
      ? [{ lang: n.lang, name: n.name }]
      : [],
  );
}

/** An organization as a revision stored it, when the revision says what the list shows. */
function organizationThen(state: string | null): OrganizationRef | null {
  if (state === null) return null;
  const value: unknown = JSON.parse(state);
  if (typeof value !== 'object' || value === null) return null;
  const field = (key: string): unknown => (key in value ? Reflect.get(value, key) : undefined);
  const id = field('id');
  const name = field('name');
  const nullableText = (key: string) => {
    const v = field(key);
    return typeof v === 'string' ? v : null;
  };
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  return {
    id,
    abbreviation: nullableText('abbreviation'),
    name,
    nameEn: nullableText('nameEn'),
    names: languageNames(field('names')),
    country: nullableText('country'),
  };
}

/** A page of the list as of a date as known at a moment: the semantics of signatoryListAt. */
function listAt(
  statementId: string,
  query: { asOf?: string | undefined; knownAt?: string | undefined; limit?: number; after?: number | undefined },
) {
  const knownSeq =
    (query.knownAt === undefined ? q.latestSeq.get(statementId) : q.knownSeq.get(statementId, query.knownAt))?.seq ??
    null;
  const asOf = query.asOf ?? END_OF_TIME;
  const limit = query.limit;
  const params = {
    statementId,
    asOf,
    knownSeq: knownSeq ?? 0,
    knownAt: query.knownAt ?? '',
    after: query.after ?? 0,
    limit: limit === undefined ? -1 : limit + 1,
  };
  const rows = knownSeq === null ? [] : (query.knownAt === undefined ? q.latest : q.asKnown).all(params);
  const page = limit === undefined ? rows : rows.slice(0, limit);
  const more = limit !== undefined && rows.length > limit;
  const items = page.map((r) => ({
    position: r.position,
    signatureId: r.signatureId,
    addedAsOf: r.addedAsOf,
    printedAs: r.printedAs,
    printedNumber: r.printedNumber,
    organization: organizationThen(r.state) ?? {
      id: r.id,
      abbreviation: r.abbreviation,
      name: r.name,
      nameEn: r.nameEn,
      names: languageNames(r.names),
      country: r.country,
    },
  }));
  const counted = () =>
    (query.knownAt === undefined
      ? q.countLatest.get({ statementId, asOf })
      : q.countKnown.get({ statementId, asOf, knownSeq: knownSeq ?? 0 })
    )?.n ?? 0;
  const total = knownSeq === null ? 0 : !more && query.after === undefined ? items.length : counted();
  const eventAsOf = knownSeq === null ? null : (q.eventAsOf.get(statementId, knownSeq, asOf)?.asOf ?? null);
  return { knownSeq, eventAsOf, total, items, nextAfter: more ? (items.at(-1)?.position ?? null) : null };
}

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
      const { nextAfter, ...list } = listAt(id, {
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
      const before = listAt(id, { asOf: from, knownAt });
      const after = listAt(id, { asOf: to, knownAt });
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
