import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import { organizationNames, organizations } from '../../db/schema.js';
import { fold } from '../../lib/fold.js';
import type { ParsedEntry } from '../../lib/published-list/types.js';
import { abbreviationNameKey, findByAbbreviationAndCountry, type NameKind } from '../organizations/names.js';

export type MatchReason = 'abbreviation-and-name' | 'name' | 'english-name' | 'translated-name' | 'abbreviation-and-country' | 'new';

export interface MatchDecision {
  organizationId: string | null;
  reason: MatchReason;
  detail: string;
}

const p = { key: sql.placeholder('key'), kind: sql.placeholder('kind') };

interface Holder {
  id: string;
  abbreviation: string | null;
  name: string;
}
/** The oldest live organization holding a folded name of a kind, if any. */
type Find = (key: string, kind: NameKind) => Holder | undefined;

/** The oldest live organization with this folded name of this kind: one index lookup. */
const lookup = preparedOnce((db) =>
  db
    .select({ id: organizations.id, abbreviation: organizations.abbreviation, name: organizations.name })
    .from(organizationNames)
    .innerJoin(organizations, eq(organizations.id, organizationNames.organizationId))
    .where(and(eq(organizationNames.key, p.key), eq(organizationNames.kind, p.kind), isNull(organizations.deletedAt)))
    .orderBy(asc(organizations.seq))
    .limit(1)
    .prepare(),
);

const label = (c: { abbreviation: string | null; name: string }) => [c.abbreviation, c.name].filter(Boolean).join(' ');

type Matchable = Pick<ParsedEntry, 'abbreviation' | 'name' | 'nameEn' | 'country' | 'translation'>;

/** Every name an entry may be found by, strongest first, as decide asks for them. */
function namesOf(entry: Matchable): [string, NameKind][] {
  const names: [string, NameKind][] = [];
  if (entry.abbreviation) names.push([abbreviationNameKey(entry.abbreviation, entry.name), 'abbreviation-name']);
  names.push([fold(entry.name), 'name']);
  if (entry.nameEn) names.push([fold(entry.nameEn), 'english-name']);
  if (entry.translation && entry.translation.lang !== 'en') names.push([fold(entry.translation.name), 'translated-name']);
  names.push([fold(entry.name), 'translated-name']);
  return names;
}

/**
 * Decides whether a printed entry is an organization we already know. In order of strength:
 * abbreviation and name agree; the name agrees (with a name or alias); the English name agrees;
 * its name in the list's language agrees; the abbreviation agrees within the same country (what
 * POST /v1/organizations calls a duplicate), each after folding case, diacritics, script, white
 * space and dashes. Anything else is a new organization.
 */
function decide(db: Conn, entry: Matchable, find: Find): MatchDecision {
  const both = entry.abbreviation ? find(abbreviationNameKey(entry.abbreviation, entry.name), 'abbreviation-name') : undefined;
  if (both) return { organizationId: both.id, reason: 'abbreviation-and-name', detail: `abbreviation and name agree with ${both.id} (${label(both)})` };
  const byName = find(fold(entry.name), 'name');
  if (byName) return { organizationId: byName.id, reason: 'name', detail: `name agrees with ${byName.id} (${label(byName)})` };
  const byEnglish = entry.nameEn ? find(fold(entry.nameEn), 'english-name') : undefined;
  if (byEnglish) return { organizationId: byEnglish.id, reason: 'english-name', detail: `English name agrees with ${byEnglish.id} (${label(byEnglish)})` };
  // A list may print an organization by its name in another language alone, or translate it so.
  const translated = entry.translation && entry.translation.lang !== 'en' ? find(fold(entry.translation.name), 'translated-name') : undefined;
  const printedTranslated = translated ?? find(fold(entry.name), 'translated-name');
  if (printedTranslated) return { organizationId: printedTranslated.id, reason: 'translated-name', detail: `a name in another language agrees with ${printedTranslated.id} (${label(printedTranslated)})` };
  const byAbbreviation = entry.abbreviation && entry.country ? findByAbbreviationAndCountry(db, entry.abbreviation, entry.country) : undefined;
  if (byAbbreviation) return { organizationId: byAbbreviation, reason: 'abbreviation-and-country', detail: `abbreviation and country agree with ${byAbbreviation}` };
  return { organizationId: null, reason: 'new', detail: 'no organization has this abbreviation and name, name, English name, name in this language, or abbreviation in this country' };
}

/** One entry, each name an index lookup in organization_names (reconciliation asks for one at a time). */
export function matchEntry(db: Conn, entry: Matchable): MatchDecision {
  return decide(db, entry, (key, kind) => lookup(db).get({ key, kind }));
}

/**
 * A whole list's entries, deciding exactly as matchEntry does. Their names are looked up in one
 * query (a JSON list of names joined to organization_names' key): a list of 5,000 entries asked
 * 20,000 separate lookups, some 0.4 s of an import.
 */
export function matchEntries<T extends Matchable>(db: Conn, entries: T[]): { entry: T; match: MatchDecision }[] {
  const wanted = [...new Set(entries.flatMap((entry) => namesOf(entry).map(([key, kind]) => `${kind}|${key}`)))];
  const found = new Map<string, Holder>();
  const rows = db.all<Holder & { wanted: string }>(sql`
    select w.value as wanted, o.id, o.abbreviation, o.name
    from json_each(${JSON.stringify(wanted)}) w
    join organization_names n on n.kind = substr(w.value, 1, instr(w.value, '|') - 1) and n.key = substr(w.value, instr(w.value, '|') + 1)
    join organizations o on o.id = n.organization_id and o.deleted_at is null
    order by o.seq`);
  // Oldest first, so the first row for a name is the one the single lookup would find.
  for (const row of rows) if (!found.has(row.wanted)) found.set(row.wanted, { id: row.id, abbreviation: row.abbreviation, name: row.name });
  return entries.map((entry) => ({ entry, match: decide(db, entry, (key, kind) => found.get(`${kind}|${key}`)) }));
}
