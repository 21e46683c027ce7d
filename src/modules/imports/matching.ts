import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { organizationNames, organizations } from '../../db/schema.js';
import { fold } from '../../lib/fold.js';
import type { ParsedEntry } from '../../lib/published-list/types.js';
import { abbreviationNameKey, findByAbbreviationAndCountry, type NameKind } from '../organizations/names.js';

export type MatchReason = 'abbreviation-and-name' | 'name' | 'english-name' | 'abbreviation-and-country' | 'new';

export interface MatchDecision {
  organizationId: string | null;
  reason: MatchReason;
  detail: string;
}

const p = { key: sql.placeholder('key'), kind: sql.placeholder('kind') };

/** The oldest live organization with this folded name of this kind: one index lookup. */
function prepareLookup(db: Conn) {
  return db
    .select({ id: organizations.id, abbreviation: organizations.abbreviation, name: organizations.name })
    .from(organizationNames)
    .innerJoin(organizations, eq(organizations.id, organizationNames.organizationId))
    .where(and(eq(organizationNames.key, p.key), eq(organizationNames.kind, p.kind), isNull(organizations.deletedAt)))
    .orderBy(asc(organizations.seq))
    .limit(1)
    .prepare();
}

const lookups = new WeakMap<Conn, ReturnType<typeof prepareLookup>>();

const label = (c: { abbreviation: string | null; name: string }) => [c.abbreviation, c.name].filter(Boolean).join(' ');

/**
 * Decides whether a printed entry is an organization we already know. In order of strength:
 * abbreviation and name agree; the name agrees (with a name or alias); the English name agrees;
 * the abbreviation agrees within the same country (what POST /v1/organizations calls a duplicate),
 * each after folding case, diacritics, script, white space and dashes. Anything else is a new
 * organization. Each test is an index lookup in organization_names.
 */
export function matchEntry(db: Conn, entry: Pick<ParsedEntry, 'abbreviation' | 'name' | 'nameEn' | 'country'>): MatchDecision {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = prepareLookup(db)));
  const find = (key: string, kind: NameKind) => lookup.get({ key, kind });
  const both = entry.abbreviation ? find(abbreviationNameKey(entry.abbreviation, entry.name), 'abbreviation-name') : undefined;
  if (both) return { organizationId: both.id, reason: 'abbreviation-and-name', detail: `abbreviation and name agree with ${both.id} (${label(both)})` };
  const byName = find(fold(entry.name), 'name');
  if (byName) return { organizationId: byName.id, reason: 'name', detail: `name agrees with ${byName.id} (${label(byName)})` };
  const byEnglish = entry.nameEn ? find(fold(entry.nameEn), 'english-name') : undefined;
  if (byEnglish) return { organizationId: byEnglish.id, reason: 'english-name', detail: `English name agrees with ${byEnglish.id} (${label(byEnglish)})` };
  const byAbbreviation = entry.abbreviation && entry.country ? findByAbbreviationAndCountry(db, entry.abbreviation, entry.country) : undefined;
  if (byAbbreviation) return { organizationId: byAbbreviation, reason: 'abbreviation-and-country', detail: `abbreviation and country agree with ${byAbbreviation}` };
  return { organizationId: null, reason: 'new', detail: 'no organization has this abbreviation and name, name, English name, or abbreviation in this country' };
}
