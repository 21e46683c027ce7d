import { sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { fold } from '../../lib/fold.js';
import type { ParsedEntry } from '../../lib/published-list/types.js';
import { nameHolders, type NameKind } from '../organizations/names.js';

/** How an entry is found to be an organization, strongest first. */
export type FoundBy =
  'abbreviation-and-name' | 'name' | 'english-name' | 'translated-name' | 'abbreviation-and-country';
export type MatchReason = FoundBy | 'new' | 'ambiguous';

/** An organization the entry may be, not taken: several could be meant, or its country is not the one printed. */
export interface Candidate {
  organizationId: string;
  reason: FoundBy;
  country: string | null;
  name: string;
}

export interface MatchDecision {
  organizationId: string | null;
  reason: MatchReason;
  detail: string;
  /** With reason `ambiguous`: the organizations that could be meant. */
  candidates: Candidate[];
}

interface Holder {
  id: string;
  abbreviation: string | null;
  name: string;
  country: string | null;
}
/** Every live organization holding a folded name of a kind, oldest first. */
type Find = (key: string, kind: NameKind) => Holder[];

const label = (c: { abbreviation: string | null; name: string }) => [c.abbreviation, c.name].filter(Boolean).join(' ');

type Matchable = Pick<ParsedEntry, 'abbreviation' | 'name' | 'nameEn' | 'country' | 'translation'> & {
  countries?: string[];
};

const countriesOf = (entry: Matchable): string[] => entry.countries ?? (entry.country === null ? [] : [entry.country]);

/** Each way an entry may be found, strongest first, with the names it is looked up by. */
type Searches = [FoundBy, [string, NameKind][]][];

function searches(entry: Matchable): Searches {
  const name = fold(entry.name);
  const abbreviation = entry.abbreviation ? fold(entry.abbreviation) : null;
  const translated: [string, NameKind][] =
    entry.translation && entry.translation.lang !== 'en' ? [[fold(entry.translation.name), 'translated-name']] : [];
  return [
    // abbreviationNameKey's key, from the folds made here.
    ['abbreviation-and-name', abbreviation ? [[`${abbreviation}|${name}`, 'abbreviation-name']] : []],
    ['name', [[name, 'name']]],
    ['english-name', entry.nameEn ? [[fold(entry.nameEn), 'english-name']] : []],
    // A list may print an organization by its name in another language alone, or translate it so.
    ['translated-name', [...translated, [name, 'translated-name']]],
    ['abbreviation-and-country', abbreviation ? [[abbreviation, 'abbreviation']] : []],
  ];
}

const DETAIL: Record<FoundBy, string> = {
  'abbreviation-and-name': 'abbreviation and name agree',
  name: 'name agrees',
  'english-name': 'English name agrees',
  'translated-name': 'a name in another language agrees',
  'abbreviation-and-country': 'abbreviation and country agree',
};

const candidate = (h: Holder, reason: FoundBy): Candidate => ({
  organizationId: h.id,
  reason,
  country: h.country,
  name: label(h),
});
const listed = (cs: Candidate[]) =>
  cs.map((c) => `${c.organizationId} (${c.name}, ${c.country ?? 'no country'}, by ${c.reason})`).join('; ');

/**
 * Decides whether a printed entry is an organization we already know. In order of strength:
 * abbreviation and name agree; the name agrees (with a name or alias); the English name agrees;
 * its name in the list's language agrees; the abbreviation agrees within the same country (what
 * POST /v1/organizations calls a duplicate), each after folding case, diacritics, script, white
 * space and dashes.
 *
 * A match never crosses what the list prints: a name holds only where the countries agree, or
 * one side's is unknown (a known country that agrees is preferred to an unknown one). The
 * strongest way that finds exactly one such organization decides. When it finds several, or
 * when names agree only with organizations of other countries, the entry is `ambiguous`: the
 * organizations that could be meant are candidates, never taken on a guess. Anything else is new.
 */
function decide(entry: Matchable, find: Find, planned: Searches = searches(entry)): MatchDecision {
  const countries = countriesOf(entry);
  const agrees = (h: Holder) => h.country === null || countries.length === 0 || countries.includes(h.country);
  const elsewhere = new Map<string, Candidate>();
  for (const [reason, names] of planned) {
    const [first, ...more] = names;
    if (!first) continue;
    // One name to look up is the common case: no list to merge.
    const holders =
      more.length === 0
        ? find(...first)
        : [...new Map(names.flatMap(([key, kind]) => find(key, kind)).map((h) => [h.id, h])).values()];
    if (holders.length === 0) continue;
    // An abbreviation alone is no evidence across countries, nor where no country is printed.
    const fitting =
      reason === 'abbreviation-and-country'
        ? holders.filter((h) => h.country !== null && countries.includes(h.country))
        : holders.filter(agrees);
    if (reason !== 'abbreviation-and-country')
      for (const h of holders) if (!agrees(h) && !elsewhere.has(h.id)) elsewhere.set(h.id, candidate(h, reason));
    if (fitting.length === 0) continue;
    const known = countries.length > 0 ? fitting.filter((h) => h.country !== null) : [];
    const meant = known.length > 0 ? known : fitting;
    const [only] = meant;
    if (only && meant.length === 1)
      return {
        organizationId: only.id,
        reason,
        detail: `${DETAIL[reason]} with ${only.id} (${label(only)})`,
        candidates: [],
      };
    const candidates = meant.map((h) => candidate(h, reason));
    return {
      organizationId: null,
      reason: 'ambiguous',
      detail: `${DETAIL[reason]} with ${meant.length} organizations: ${listed(candidates)}`,
      candidates,
    };
  }
  if (elsewhere.size > 0) {
    const candidates = [...elsewhere.values()];
    const printed = countries.length > 0 ? countries.join(', ') : 'none';
    return {
      organizationId: null,
      reason: 'ambiguous',
      detail: `names agree only with organizations of other countries than the one printed (${printed}): ${listed(candidates)}`,
      candidates,
    };
  }
  return {
    organizationId: null,
    reason: 'new',
    detail:
      'no organization has this abbreviation and name, name, English name, name in this language, or abbreviation in this country',
    candidates: [],
  };
}

/** One entry, each name an index lookup in organization_names (reconciliation asks for one at a time). */
export function matchEntry(db: Conn, entry: Matchable): MatchDecision {
  return decide(entry, (key, kind) => nameHolders(db).all({ key, kind }));
}

/**
 * A whole list's entries, deciding exactly as matchEntry does. Their names are looked up in one
 * query (a JSON list of names joined to organization_names' key): a list of 5,000 entries asked
 * 20,000 separate lookups, some 0.4 s of an import.
 */
export function matchEntries<T extends Matchable>(db: Conn, entries: T[]): { entry: T; match: MatchDecision }[] {
  const planned = entries.map(searches);
  const wanted = [
    ...new Set(planned.flatMap((plan) => plan.flatMap(([, names]) => names.map(([key, kind]) => `${kind}|${key}`)))),
  ];
  const found = new Map<string, Holder[]>();
  const rows = db.all<Holder & { wanted: string }>(sql`
    select w.value as wanted, o.id, o.abbreviation, o.name, o.country
    from json_each(${JSON.stringify(wanted)}) w
    join organization_names n on n.kind = substr(w.value, 1, instr(w.value, '|') - 1) and n.key = substr(w.value, instr(w.value, '|') + 1)
    join organizations o on o.id = n.organization_id and o.deleted_at is null
    order by o.seq`);
  // Oldest first, as the single lookup lists them.
  for (const { wanted: w, ...holder } of rows) {
    const list = found.get(w);
    if (list) list.push(holder);
    else found.set(w, [holder]);
  }
  return entries.map((entry, i) => ({
    entry,
    match: decide(entry, (key, kind) => found.get(`${kind}|${key}`) ?? [], planned[i]),
  }));
}
