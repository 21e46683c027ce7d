import { preparedOnce, type Conn } from '../../db/client.js';
import { END_OF_TIME, holdsAt } from '../../lib/bitemporal.js';
import { invalid } from '../../lib/domain-error.js';
import { signatoryListAt } from '../timeline/read.js';
import { z } from 'zod';
import type { LanguageName } from '../../db/schema.js';
import { languageNameState } from '../organizations/languages.js';

/**
 * Who signs with whom, read from the derived bitemporal table signature_spans: a span is one
 * signature's stretch on a list, valid for [valid_from, valid_to) and known from event known_from
 * until event known_to. "On the list as of D, as known now" is `known_to IS NULL` and D inside the
 * valid stretch; "as known at K" replaces the first with the stretch of knowledge around the last
 * event of that statement recorded by K. Deleted statements are left out, as everywhere else.
 */

export interface NetworkQuery {
  /** Valid time; default the latest lists. */
  asOf?: string | undefined;
  /** Transaction time; default now. */
  knownAt?: string | undefined;
}

export interface OrganizationRef {
  id: string;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  names: LanguageName[];
  country: string | null;
}

/** The row as SQLite gives it: `names` is JSON text. */
type OrganizationRow = Omit<OrganizationRef, 'names'> & { names: string };
const namesOf = z.array(languageNameState);

/** The spans of alias `a` on the lists as of :asOf (valid time). */
const validAt = (a: string) => holdsAt(String.raw, `${a}.valid_from`, `${a}.valid_to`, ':asOf');
/** The spans on the lists as of :asOf as known now, for the alias `a` (the partial indexes serve it). */
const validNow = (a: string) => `${a}.known_to IS NULL AND ${validAt(a)}`;
/** The same as known at :knownAt: each statement's last event recorded by then, from `known`. */
const validThen = (a: string) =>
  `${validAt(a)} AND ${holdsAt(String.raw, `${a}.known_from`, `${a}.known_to`, `(SELECT k FROM known WHERE known.statement_id = ${a}.statement_id)`)}`;
const KNOWN = `known AS MATERIALIZED (SELECT statement_id, max(seq) AS k FROM signatory_events WHERE recorded_at <= :knownAt GROUP BY statement_id)`;
const LIVE_STATEMENT = (a: string) =>
  `EXISTS (SELECT 1 FROM statements st WHERE st.id = ${a}.statement_id AND st.deleted_at IS NULL)`;

type Params = { organizationId: string; asOf: string; knownAt?: string };
export type SharedRow = { id: string; shared: number };
type SignedRow = { id: string; signed: number };
type PairRow = { statementId: string; organizationId: string };

/**
 * One organization's cosigners: each organization on a list the subject is on, and the number of
 * those lists. Starts from the subject's statements (the index of current spans by organization),
 * then reads their lists from the covering index of current spans by statement.
 */
const sharedSql = (valid: (a: string) => string, prefix: string, covering: string) => `${prefix}
    mine AS MATERIALIZED (SELECT m.statement_id FROM signature_spans m WHERE m.organization_id = :organizationId AND ${valid('m')} AND ${LIVE_STATEMENT('m')})
    SELECT o.organization_id AS id, count(*) AS shared FROM mine JOIN signature_spans o ${covering} ON o.statement_id = mine.statement_id
    WHERE ${valid('o')} AND o.organization_id <> :organizationId GROUP BY o.organization_id HAVING count(*) >= :minShared`;
/**
 * How many lists each of some organizations (`:ids`, a JSON array) is on at all, for the Jaccard
 * similarity: from the index alone, counting deleted statements' lists too (subtracted after).
 */
const signedSql = (valid: (a: string) => string, prefix: string) =>
  `${prefix} SELECT ids.value AS id, (SELECT count(*) FROM signature_spans d WHERE d.organization_id = ids.value AND ${valid('d')}) AS signed FROM json_each(:ids) ids`;
/** Signatures on the lists of deleted statements, by organization: taken off each cosigner's count. From the deleted statements (few), never from the spans. */
const deletedSql = (valid: (a: string) => string, prefix: string) =>
  `${prefix} SELECT s.organization_id AS id, count(*) AS n FROM statements st CROSS JOIN signature_spans s ON s.statement_id = st.id WHERE st.deleted_at IS NOT NULL AND ${valid('s')} GROUP BY s.organization_id`;

const prepared = preparedOnce(({ $client: client }) => ({
  // The planner would take the statement index and read each row; the partial covering index of current spans answers alone.
  sharedNow: client.prepare<Params & { minShared: number }, SharedRow>(
    sharedSql(validNow, 'WITH', 'INDEXED BY signature_spans_current_idx'),
  ),
  sharedThen: client.prepare<Params & { minShared: number }, SharedRow>(sharedSql(validThen, `WITH ${KNOWN},`, '')),
  signedOfNow: client.prepare<{ ids: string; asOf: string }, SignedRow>(signedSql(validNow, '')),
  signedOfThen: client.prepare<{ ids: string; asOf: string; knownAt?: string }, SignedRow>(
    signedSql(validThen, `WITH ${KNOWN}`),
  ),
  deletedNow: client.prepare<Omit<Params, 'organizationId'>, { id: string; n: number }>(deletedSql(validNow, '')),
  deletedThen: client.prepare<Omit<Params, 'organizationId'>, { id: string; n: number }>(
    deletedSql(validThen, `WITH ${KNOWN}`),
  ),
  signedNow: client
    .prepare<Params, number>(
      `SELECT count(*) FROM signature_spans m WHERE m.organization_id = :organizationId AND ${validNow('m')} AND ${LIVE_STATEMENT('m')}`,
    )
    .pluck(),
  signedThen: client
    .prepare<Params, number>(
      `WITH ${KNOWN} SELECT count(*) FROM signature_spans m WHERE m.organization_id = :organizationId AND ${validThen('m')} AND ${LIVE_STATEMENT('m')}`,
    )
    .pluck(),
  pairsNow: client.prepare<Omit<Params, 'organizationId'>, PairRow>(
    `SELECT s.statement_id AS statementId, s.organization_id AS organizationId FROM signature_spans s WHERE ${validNow('s')} AND ${LIVE_STATEMENT('s')} ORDER BY s.statement_id`,
  ),
  pairsThen: client.prepare<Omit<Params, 'organizationId'>, PairRow>(
    `WITH ${KNOWN} SELECT s.statement_id AS statementId, s.organization_id AS organizationId FROM signature_spans s WHERE ${validThen('s')} AND ${LIVE_STATEMENT('s')} ORDER BY s.statement_id`,
  ),
  organization: client.prepare<[string], OrganizationRow>(
    'SELECT id, abbreviation, name, name_en AS nameEn, names, country FROM organizations WHERE id = ?',
  ),
}));

function organizationRef(db: Conn, id: string): OrganizationRef {
  const row = prepared(db).organization.get(id);
  return row
    ? { ...row, names: namesOf.parse(JSON.parse(row.names)) }
    : { id, abbreviation: null, name: id, nameEn: null, names: [], country: null };
}
const jaccard = (shared: number, a: number, b: number) =>
  a + b - shared === 0 ? 0 : Math.round((shared / (a + b - shared)) * 10_000) / 10_000;

export interface Cosigner {
  organization: OrganizationRef;
  shared: number;
  signed: number;
  jaccard: number;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * What ranking one organization's cosigners needs, counted by SQL (below) or from memory
 * (cosigner-index.ts): the two must agree on every count, and then rank alike.
 */
export interface CosignerCounts {
  /** Statements the organization is on. */
  signed: number;
  /** Each other organization on at least `minShared` of those lists, and on how many. */
  shared: SharedRow[];
  /** Statements each of `ids` is on. */
  signedOf: (ids: string[]) => Map<string, number>;
}

function sqlCounts(db: Conn, organizationId: string, query: NetworkQuery & { minShared: number }): CosignerCounts {
  const q = prepared(db);
  const params: Params = {
    organizationId,
    asOf: query.asOf ?? END_OF_TIME,
    ...(query.knownAt === undefined ? {} : { knownAt: query.knownAt }),
  };
  const now = query.knownAt === undefined;
  const { organizationId: _subject, ...global } = params;
  return {
    signed: (now ? q.signedNow : q.signedThen).get(params) ?? 0,
    shared: (now ? q.sharedNow : q.sharedThen).all({ ...params, minShared: query.minShared }),
    signedOf: (ids) => {
      const onDeleted = new Map((now ? q.deletedNow : q.deletedThen).all(global).map((row) => [row.id, row.n]));
      return new Map(
        (now ? q.signedOfNow : q.signedOfThen)
          .all({ ...global, ids: JSON.stringify(ids) })
          .map((row) => [row.id, row.signed - (onDeleted.get(row.id) ?? 0)]),
      );
    },
  };
}

/**
 * Cosigners ranked by statements shared, then Jaccard similarity, then id; `total` before the
 * limit. Only the cosigners that can make the first `limit` (those sharing at least as many
 * statements as the limit-th) need their own count: for a hub on thousands of lists that is a
 * few hundred of its tens of thousands of cosigners. Counted by SQL unless `counts` are given.
 */
export function cosignersOf(
  db: Conn,
  organizationId: string,
  query: NetworkQuery & { minShared: number; limit: number },
  counts: CosignerCounts = sqlCounts(db, organizationId, query),
) {
  const { signed } = counts;
  const { shared } = counts;
  // The limit-th largest count, from the counts alone: sorting a hub's 20,000 rows by count and id took longer than counting them.
  const sorted = Uint32Array.from(shared, (row) => row.shared).sort();
  const threshold = sorted[sorted.length - Math.min(query.limit, sorted.length)] ?? 0;
  const candidates = shared.filter((row) => row.shared >= threshold);
  const theirs = counts.signedOf(candidates.map((row) => row.id));
  const ranked = candidates
    .map((row) => {
      const other = theirs.get(row.id) ?? row.shared;
      return { id: row.id, shared: row.shared, signed: other, jaccard: jaccard(row.shared, signed, other) };
    })
    .sort((a, b) => b.shared - a.shared || b.jaccard - a.jaccard || byId(a, b));
  const items: Cosigner[] = ranked
    .slice(0, query.limit)
    .map(({ id, ...rest }) => ({ organization: organizationRef(db, id), ...rest }));
  return { signed, total: shared.length, items };
}

/** Two statements' lists as of one date and one moment of knowledge: shared, and each one's own. */
export function overlapOf(db: Conn, statementId: string, otherId: string, query: NetworkQuery) {
  const left = signatoryListAt(db, statementId, query).items.map((s) => s.organization);
  const right = signatoryListAt(db, otherId, query).items.map((s) => s.organization);
  const leftIds = new Set(left.map((o) => o.id));
  const rightIds = new Set(right.map((o) => o.id));
  const shared = left.filter((o) => rightIds.has(o.id));
  return {
    counts: { left: left.length, right: right.length, shared: shared.length },
    jaccard: jaccard(shared.length, left.length, right.length),
    shared,
    onlyLeft: left.filter((o) => !rightIds.has(o.id)),
    onlyRight: right.filter((o) => !leftIds.has(o.id)),
  };
}

export interface NetworkNode extends Omit<OrganizationRef, 'names'> {
  label: string;
  signed: number;
}
export interface NetworkEdge {
  source: string;
  target: string;
  weight: number;
  jaccard: number;
}

/**
 * Pairs a whole-graph read may count (a list of n signatories adds n(n-1)/2), on the event loop:
 * 0.15-0.25 s and some 30 MB at the limit. Beyond it the read is refused before the work; 200
 * lists of 100 (a million pairs) held the thread 5 s and took 290 MB, and 10,000 such lists
 * would count 50 million pairs.
 */
export const GRAPH_PAIR_LIMIT = 100_000;

/**
 * The whole co-signature graph: a node per organization on some list, an edge per pair that
 * shares one, weighted by the number shared. Organizations are ranked by id first, so a pair is a
 * number and the edges sort as numbers in (source, target) order. Refused, before the counting,
 * when it would count more than GRAPH_PAIR_LIMIT pairs.
 */
export function networkAt(
  db: Conn,
  query: NetworkQuery & { minWeight: number },
): { nodes: NetworkNode[]; edges: NetworkEdge[] } {
  const q = prepared(db);
  const params = {
    asOf: query.asOf ?? END_OF_TIME,
    ...(query.knownAt === undefined ? {} : { knownAt: query.knownAt }),
  };
  const lists = new Map<string, string[]>();
  let pairs = 0;
  for (const row of (query.knownAt === undefined ? q.pairsNow : q.pairsThen).iterate(params)) {
    const list = lists.get(row.statementId);
    if (list) {
      pairs += list.length; // the new member pairs with each one before it
      if (pairs > GRAPH_PAIR_LIMIT) throw graphTooLarge();
      list.push(row.organizationId);
    } else lists.set(row.statementId, [row.organizationId]);
  }
  const ids = [...new Set([...lists.values()].flat())].sort();
  // A pair's key is rank(a) * n + rank(b): a small integer (V8 hashes those fastest) for n up to 46,340.
  const n = ids.length;
  const rank = new Map(ids.map((id, i) => [id, i]));
  const signed = new Array<number>(ids.length).fill(0);
  const weights = new Map<number, number>();
  for (const list of lists.values()) {
    const ranks = list.map((id) => rank.get(id) ?? 0).sort((a, b) => a - b);
    for (let i = 0; i < ranks.length; i++) {
      const a = ranks[i] ?? 0;
      signed[a] = (signed[a] ?? 0) + 1;
      for (let j = i + 1; j < ranks.length; j++) {
        const key = a * n + (ranks[j] ?? 0);
        weights.set(key, (weights.get(key) ?? 0) + 1);
      }
    }
  }
  const nodes = ids.map((id, i) => {
    // Graph attributes are scalars (GraphML, Gephi): names in other languages stay out.
    const { names: _names, ...org } = organizationRef(db, id);
    return { ...org, label: org.abbreviation ?? org.name, signed: signed[i] ?? 0 };
  });
  const edges: NetworkEdge[] = [];
  for (const key of [...weights.keys()].sort((x, y) => x - y)) {
    const weight = weights.get(key) ?? 0;
    if (weight < query.minWeight) continue;
    const a = Math.floor(key / n);
    const b = key % n;
    edges.push({
      source: ids[a] ?? '',
      target: ids[b] ?? '',
      weight,
      jaccard: jaccard(weight, signed[a] ?? 0, signed[b] ?? 0),
    });
  }
  return { nodes, edges };
}

const graphTooLarge = () =>
  invalid(
    'graph-too-large',
    `The co-signature graph would count more than ${GRAPH_PAIR_LIMIT.toLocaleString('en-US')} pairs of organizations (a list of n signatories adds n(n-1)/2): ` +
      "too many for one read. One organization's cosigners, or the overlap of two statements, can be read instead.",
  );
