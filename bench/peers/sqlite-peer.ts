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

interface ListRow { position: number; signatureId: string; addedAsOf: string; printedAs: string | null; printedNumber: number | null; id: string; abbreviation: string | null; name: string; nameEn: string | null; country: string | null }
interface OrganizationRow { id: string; abbreviation: string | null; name: string; name_en: string | null; aliases: string; country: string | null; website: string | null; revision: number; created_at: string; updated_at: string; deleted_at: string | null }
interface OrgSignatureRow { statementId: string; title: string; issuer: string; publishedOn: string | null; signatureId: string; position: number; addedAsOf: string; printedAs: string | null }
type ListParams = { statementId: string; asOf: string; knownSeq: number };

/** Later than any date an event may carry, as in src/modules/timeline/read.ts. */
const END_OF_TIME = '9999-12-31';
const listSql = (known: string) => `
  SELECT sp.position, sp.signature_id AS signatureId, sp.valid_from AS addedAsOf, s.printed_as AS printedAs, s.printed_number AS printedNumber,
         o.id, o.abbreviation, o.name, o.name_en AS nameEn, o.country
  FROM signature_spans sp
  JOIN signatures s ON s.id = sp.signature_id
  JOIN organizations o ON o.id = sp.organization_id
  WHERE sp.statement_id = :statementId AND ${known}
    AND sp.valid_from <= :asOf AND (sp.valid_to IS NULL OR sp.valid_to > :asOf)
  ORDER BY sp.position`;

const q = {
  statement: db.prepare<[string], { id: string }>('SELECT id FROM statements WHERE id = ?'),
  organization: db.prepare<[string], { id: string }>('SELECT id FROM organizations WHERE id = ?'),
  latestSeq: db.prepare<[string], { seq: number }>('SELECT seq FROM signatory_events WHERE statement_id = ? ORDER BY statement_id DESC, recorded_at DESC, seq DESC LIMIT 1'),
  knownSeq: db.prepare<[string, string], { seq: number }>('SELECT seq FROM signatory_events WHERE statement_id = ? AND recorded_at <= ? ORDER BY statement_id DESC, recorded_at DESC, seq DESC LIMIT 1'),
  eventAsOf: db.prepare<[string, number, string], { asOf: string }>('SELECT as_of AS asOf FROM signatory_events WHERE statement_id = ? AND seq <= ? AND as_of <= ? ORDER BY statement_id DESC, as_of DESC LIMIT 1'),
  current: db.prepare<ListParams, ListRow>(listSql('sp.known_to IS NULL')),
  known: db.prepare<ListParams, ListRow>(listSql('sp.known_from <= :knownSeq AND (sp.known_to IS NULL OR sp.known_to > :knownSeq)')),
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
    SELECT o.id, o.abbreviation, o.name, o.name_en, o.aliases, o.country, o.website, o.revision, o.created_at, o.updated_at, o.deleted_at
    FROM organizations_fts f JOIN organizations o ON o.seq = f.rowid
    WHERE organizations_fts MATCH ? AND o.deleted_at IS NULL
    ORDER BY bm25(organizations_fts), o.seq LIMIT ? OFFSET ?`),
};

const notFound = (what: string, id: string) => ({ type: 'urn:undersigned:problem:not-found', title: 'Not Found', status: 404, detail: `${what} ${id} does not exist.` });
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The list as of a date as known at a moment: the semantics of signatoryListAt. */
function listAt(statementId: string, asOf: string | undefined, knownAt: string) {
  const latest = q.latestSeq.get(statementId)?.seq ?? null;
  const knownSeq = q.knownSeq.get(statementId, knownAt)?.seq ?? null;
  const params = { statementId, asOf: asOf ?? END_OF_TIME, knownSeq: knownSeq ?? 0 };
  const rows = knownSeq === null ? [] : knownSeq === latest ? q.current.all(params) : q.known.all(params);
  const items = rows.map((r) => ({
    position: r.position,
    signatureId: r.signatureId,
    addedAsOf: r.addedAsOf,
    printedAs: r.printedAs,
    printedNumber: r.printedNumber,
    organization: { id: r.id, abbreviation: r.abbreviation, name: r.name, nameEn: r.nameEn, country: r.country },
  }));
  const eventAsOf = knownSeq === null ? null : (q.eventAsOf.get(statementId, knownSeq, asOf ?? END_OF_TIME)?.asOf ?? null);
  return { knownSeq, eventAsOf, total: items.length, items };
}

const app = Fastify({ logger: false });
app.get('/ready', async () => ({ ok: true }));

if (PEER_ROUTE === 'list') {
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/v1/statements/:id/signatories', async (request, reply) => {
    if (!q.statement.get(request.params.id)) return reply.code(404).type('application/problem+json').send(notFound('Statement', request.params.id));
    const asOf = text(request.query.asOf);
    const knownAt = text(request.query.knownAt) ?? new Date().toISOString();
    return { statementId: request.params.id, asOf: asOf ?? null, knownAt, ...listAt(request.params.id, asOf, knownAt) };
  });
} else if (PEER_ROUTE === 'diff') {
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/v1/statements/:id/signatories/diff', async (request, reply) => {
    const id = request.params.id;
    if (!q.statement.get(id)) return reply.code(404).type('application/problem+json').send(notFound('Statement', id));
    const from = text(request.query.from) ?? '';
    const to = text(request.query.to) ?? '';
    const knownAt = text(request.query.knownAt) ?? new Date().toISOString();
    const before = listAt(id, from, knownAt);
    const after = listAt(id, to, knownAt);
    const fromOrgs = new Set(before.items.map((s) => s.organization.id));
    const toOrgs = new Set(after.items.map((s) => s.organization.id));
    return {
      statementId: id, from, to, knownAt, knownSeq: after.knownSeq,
      added: after.items.filter((s) => !fromOrgs.has(s.organization.id)),
      withdrawn: before.items.filter((s) => !toOrgs.has(s.organization.id)),
    };
  });
} else if (PEER_ROUTE === 'org') {
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/v1/organizations/:id/signatures', async (request, reply) => {
    const id = request.params.id;
    if (!q.organization.get(id)) return reply.code(404).type('application/problem+json').send(notFound('Organization', id));
    const asOf = text(request.query.asOf);
    const knownAt = text(request.query.knownAt) ?? new Date().toISOString();
    const items = q.orgSignatures.all({ organizationId: id, asOf: asOf ?? END_OF_TIME, knownAt }).map((r) => ({
      statement: { id: r.statementId, title: r.title, issuer: r.issuer, publishedOn: r.publishedOn },
      signatureId: r.signatureId, position: r.position, addedAsOf: r.addedAsOf, printedAs: r.printedAs,
    }));
    return { organizationId: id, asOf: asOf ?? null, knownAt, items };
  });
} else if (PEER_ROUTE === 'search') {
  app.get<{ Querystring: Record<string, unknown> }>('/v1/organizations', async (request, reply) => {
    const limit = Number(text(request.query.limit) ?? 50);
    const offset = 0;
    // The same folding and prefix-term quoting as ftsQuery in src/db/fts.ts.
    const words = fold(text(request.query.q) ?? '').split(/[^a-z0-9]+/).filter(Boolean);
    const rows = words.length ? q.search.all(words.map((w) => `"${w}"*`).join(' '), limit + 1, offset) : [];
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id, abbreviation: r.abbreviation, name: r.name, nameEn: r.name_en, aliases: parseAliases(r.aliases), country: r.country,
      website: r.website, revision: r.revision, createdAt: r.created_at, updatedAt: r.updated_at, deletedAt: r.deleted_at,
    }));
    const nextCursor = rows.length > limit ? Buffer.from(JSON.stringify({ k: offset + limit, t: 'rank' })).toString('base64url') : null;
    if (nextCursor) {
      const url = new URL(request.url, 'http://placeholder');
      url.searchParams.set('cursor', nextCursor);
      reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return { items, nextCursor };
  });
} else {
  throw new Error(`unknown PEER_ROUTE ${PEER_ROUTE}`);
}

function parseAliases(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
}

await app.listen({ port: Number(PEER_PORT), host: '127.0.0.1' });
