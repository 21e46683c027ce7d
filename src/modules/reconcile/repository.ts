import type { Conn } from '../../db/client.js';
import { fold } from '../../lib/fold.js';
import { parseEntryText } from '../../lib/published-list/entry.js';
import { matchEntry, type MatchReason } from '../imports/matching.js';
import { findOrganizationRow } from '../organizations/head.js';
import { listOrganizations } from '../organizations/search.js';
import { ORGANIZATION_TYPE, type Candidate, type ReconciliationQuery } from './schemas.js';

/**
 * Reconciliation candidates, decided by the importer's own matcher (src/modules/imports/matching.ts)
 * and found by the organization search: a spreadsheet cell reconciles as the same text would
 * import. The cell is read like a printed entry ("KPÖ Kommunistische Partei Österreichs (Communist
 * Party of Austria), Austria"), so abbreviation, translation and a trailing country count; the
 * whole cell is also tried as a name and as an English name.
 */

type Row = NonNullable<ReturnType<typeof findOrganizationRow>>;

const MATCH_SCORES: Record<MatchReason, number> = {
  'abbreviation-and-name': 100,
  name: 95,
  'english-name': 90,
  'translated-name': 88,
  'abbreviation-and-country': 85,
  new: 0,
  ambiguous: 0,
};
/** The best score of a candidate the matcher did not take: similar names rank, never reach a match. */
const SIMILAR_MAX = 80;
/** A given country that contradicts the candidate's costs this much, and rules out a match. */
const COUNTRY_PENALTY = 30;
const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 25;

const label = (o: Pick<Row, 'abbreviation' | 'name'>) => [o.abbreviation, o.name].filter(Boolean).join(' ');
export const describeOrganization = (o: Pick<Row, 'nameEn' | 'country'>) =>
  [o.nameEn, o.country].filter(Boolean).join(', ');

/** The property values of one pid, as text (an entity value counts by its id). */
function values(query: ReconciliationQuery, pid: string): string[] {
  return (query.properties ?? [])
    .filter((p) => p.pid === pid)
    .flatMap((p) => (Array.isArray(p.v) ? p.v : [p.v]))
    .map((v) => (typeof v === 'object' ? v.id : String(v)).trim())
    .filter(Boolean);
}

/** Dice coefficient of the folded words of two texts, 0-1. */
function similarity(a: string, b: string): number {
  const words = (t: string) =>
    new Set(
      fold(t)
        .split(/[^a-z0-9]+/)
        .filter(Boolean),
    );
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return (2 * common) / (x.size + y.size);
}

const wantsOrganizations = (type: ReconciliationQuery['type']) =>
  type === undefined ||
  (Array.isArray(type) ? type.length === 0 || type.includes(ORGANIZATION_TYPE.id) : type === ORGANIZATION_TYPE.id);

export function reconcileOne(db: Conn, query: ReconciliationQuery): Candidate[] {
  if (!wantsOrganizations(query.type)) return [];
  const text = (query.query ?? '').trim();
  const abbreviation = values(query, 'abbreviation')[0] ?? null;
  const countries = values(query, 'country').map((c) => c.toUpperCase());
  const parsed = text ? parseEntryText(text) : null;
  const entry = {
    abbreviation: abbreviation ?? parsed?.abbreviation ?? null,
    name: parsed?.name ?? text,
    nameEn: parsed?.nameEn ?? null,
    country: parsed?.country ?? countries[0] ?? null,
    translation: parsed?.translation ?? null,
  };
  if (parsed?.countrySource === 'trailing' && parsed.country && countries.length === 0) countries.push(parsed.country);

  // The importer's decision: the cell as a printed entry, then the whole cell as a name or English name.
  const decisions =
    text || entry.abbreviation
      ? [
          matchEntry(db, entry),
          matchEntry(db, { abbreviation, name: text, nameEn: text, country: countries[0] ?? null, translation: null }),
        ]
      : [];
  const matched = new Map<string, MatchReason>();
  for (const d of decisions)
    if (d.organizationId && !matched.has(d.organizationId)) matched.set(d.organizationId, d.reason);

  const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  const found = new Map<string, Row>();
  const add = (row: Row | undefined) => {
    // A merged organization's id stands for the one it was merged into.
    const live = row?.mergedInto ? findOrganizationRow(db, row.mergedInto) : row;
    if (live && live.deletedAt === null && live.mergedInto === null && !found.has(live.id)) found.set(live.id, live);
  };
  add(findOrganizationRow(db, text)); // an id as the query finds its organization
  for (const id of matched.keys()) add(findOrganizationRow(db, id));
  for (const q of new Set(
    [entry.name, entry.nameEn, entry.abbreviation, text].filter((t): t is string => Boolean(t)),
  )) {
    for (const row of listOrganizations(db, { q, limit: limit * 2 })) add(row);
  }

  const asked: Asked = { text, name: entry.name, abbreviation, countries };
  const candidates = [...found.values()].map((row) => scoreCandidate(row, matched.get(row.id), asked));
  candidates.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  // At most one certain match: two would leave OpenRefine to guess.
  const certain = candidates.filter((c) => c.match);
  const result = candidates.slice(0, limit);
  return certain.length > 1 ? result.map((c) => ({ ...c, match: c.id === certain[0]?.id })) : result;
}

/** What a query asks, as the scoring reads it: the cell, the name read from it, and the given columns. */
interface Asked {
  text: string;
  name: string;
  abbreviation: string | null;
  countries: string[];
}

/** One organization found for a query, scored: the importer's match first, else its names' likeness. */
function scoreCandidate(
  row: Row,
  reason: MatchReason | undefined,
  { text, name, abbreviation, countries }: Asked,
): Candidate {
  // An id as the query names its organization: the top score, but a match only if the importer would make it.
  const byId = row.id === text;
  const nameScore = Math.max(
    ...[row.name, row.nameEn, label(row), ...row.aliases]
      .filter((n): n is string => Boolean(n))
      .map((n) => similarity(text || name, n)),
  );
  const abbreviationAgrees =
    abbreviation !== null && row.abbreviation !== null && fold(abbreviation) === fold(row.abbreviation);
  const countryAgrees = countries.length === 0 ? null : row.country !== null && countries.includes(row.country);
  let score = reason
    ? MATCH_SCORES[reason]
    : byId
      ? 100
      : Math.round(nameScore * SIMILAR_MAX) + (abbreviationAgrees ? 10 : 0);
  if (countryAgrees === false) score = Math.max(0, score - COUNTRY_PENALTY);
  const description = describeOrganization(row);
  return {
    id: row.id,
    name: label(row),
    ...(description ? { description } : {}),
    score: Math.min(100, score),
    match: reason !== undefined && countryAgrees !== false,
    type: [ORGANIZATION_TYPE],
    features: [
      { id: 'importer_match', value: reason !== undefined },
      { id: 'name_similarity', value: Math.round(nameScore * 1000) / 1000 },
      ...(abbreviation === null ? [] : [{ id: 'abbreviation_match', value: abbreviationAgrees }]),
      ...(countryAgrees === null ? [] : [{ id: 'country_match', value: countryAgrees }]),
    ],
  };
}

export function reconcileBatch(db: Conn, batch: Record<string, ReconciliationQuery>) {
  return Object.fromEntries(Object.entries(batch).map(([key, query]) => [key, { result: reconcileOne(db, query) }]));
}

/** Entity suggestions: an exact id first, then the organization search (each word a prefix). */
export function suggestOrganizations(db: Conn, prefix: string, cursor: number) {
  const rows: Row[] = [];
  const exact = findOrganizationRow(db, prefix.trim());
  if (exact && exact.deletedAt === null && exact.mergedInto === null && cursor === 0) rows.push(exact);
  if (prefix.trim())
    rows.push(
      ...listOrganizations(db, { q: prefix, limit: 9, offset: cursor })
        .filter((r) => r.id !== exact?.id)
        .slice(0, 10 - rows.length),
    );
  return rows.map((row) => {
    const description = describeOrganization(row);
    return { id: row.id, name: label(row), ...(description ? { description } : {}), notable: [ORGANIZATION_TYPE] };
  });
}
