import type Database from 'better-sqlite3';

/**
 * The SQL of the sqlite peer (sqlite-peer.ts): the server's reads spelled out by hand, prepared
 * once on the peer's read-only connection.
 */

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
export const END_OF_TIME = '9999-12-31';
/**
 * The semantics of src/modules/timeline/read.ts: each entry as printed by the list that opened
 * its current stretch, which the span keeps (else as first recorded); as known now,
 * organizations as they are now; as known at a moment, spans and organizations (their last
 * revision by then) as known then.
 */
const opening = (column: string) => `coalesce(sp.${column}, s.${column})`;
const listSql = (known: string, state: string) => `
  SELECT sp.position, sp.signature_id AS signatureId, sp.valid_from AS addedAsOf,
         ${opening('printed_as')} AS printedAs, ${opening('printed_number')} AS printedNumber,
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
/** Every statement a peer may run, prepared on `db`. */
export function prepareQueries(db: Database.Database) {
  return {
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
    latest: db.prepare<ListParams, ListRow>(listSql(knownNow, 'NULL')),
    asKnown: db.prepare<ListParams, ListRow>(listSql(knownThen, stateThen)),
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
}

export type Queries = ReturnType<typeof prepareQueries>;
