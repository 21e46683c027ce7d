import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { inTransaction, preparedOnce, type Conn } from '../../db/client.js';
import { organizationNames, organizations } from '../../db/schema.js';
import { fold } from '../../lib/fold.js';
import type { LanguageName } from '../../db/schema.js';

/**
 * The folded names an organization is found by, kept beside it in organization_names: the name
 * and each alias, the abbreviation with the name, the English name, the names in other
 * languages. Matching an entry is then a few index lookups, however many organizations there are.
 */

export type NameKind = (typeof organizationNames.$inferInsert)['kind'];
type Named = {
  id: string;
  abbreviation: string | null;
  name: string;
  nameEn: string | null;
  aliases: string[];
  names: LanguageName[];
};

export const abbreviationNameKey = (abbreviation: string, name: string) => `${fold(abbreviation)}|${fold(name)}`;

function nameKeys(org: Named): { key: string; kind: NameKind; organizationId: string }[] {
  const keys = new Map<string, NameKind>();
  const add = (key: string, kind: NameKind) => {
    if (key !== '' && key !== '|') keys.set(`${kind}\u0000${key}`, kind);
  };
  for (const name of [org.name, ...org.aliases]) add(fold(name), 'name');
  if (org.abbreviation) {
    add(fold(org.abbreviation), 'abbreviation');
    add(abbreviationNameKey(org.abbreviation, org.name), 'abbreviation-name');
  }
  if (org.nameEn) add(fold(org.nameEn), 'english-name');
  // Names in other languages (organizations/languages.ts), as lists in those languages print them.
  for (const translated of org.names) add(fold(translated.name), 'translated-name');
  return [...keys].map(([k, kind]) => ({ key: k.slice(k.indexOf('\u0000') + 1), kind, organizationId: org.id }));
}

/**
 * The keys organization_names holds for a head: its names' keys while it is not merged into
 * another (a merged organization is found by none of its names: the survivor is). A deleted
 * organization keeps them; reads pass it over. Writers store this, and verify compares with it.
 */
export function heldNameKeys(
  org: Named & { mergedInto: string | null },
): { key: string; kind: NameKind; organizationId: string }[] {
  return org.mergedInto === null ? nameKeys(org) : [];
}

/** Replaces the organizations' keys with those their heads hold (heldNameKeys), inside the caller's transaction. */
export function writeNameKeys(tx: Conn, orgs: (Named & { mergedInto: string | null })[], replace: boolean): void {
  const rows = orgs.flatMap(heldNameKeys);
  if (replace)
    for (const org of orgs) tx.delete(organizationNames).where(eq(organizationNames.organizationId, org.id)).run();
  for (let i = 0; i < rows.length; i += 300)
    tx.insert(organizationNames)
      .values(rows.slice(i, i + 300))
      .run();
}

/**
 * Organizations whose keys are missing (databases from before organization_names) or stale: folded
 * before fold() dropped trailing dots, so a key ends in a dot (or its abbreviation part does).
 */
const needingKeys = sql`from organizations o where o.merged_into is null and (
  not exists (select 1 from organization_names n where n.organization_id = o.id)
  or exists (select 1 from organization_names n where n.organization_id = o.id and (n.key like '%.' or (n.kind = 'abbreviation-name' and n.key like '%.|%'))))`;

/** Gives those organizations their keys, once. */
export function fillNameKeys(db: Conn): number {
  const missing = db.get<{ n: number }>(sql`select count(*) as n ${needingKeys}`)?.n ?? 0;
  if (missing === 0) return 0;
  inTransaction(db, () => {
    const orgs = db.all<{ id: string }>(sql`select o.id ${needingKeys}`);
    for (let i = 0; i < orgs.length; i += 500) {
      const ids = orgs.slice(i, i + 500).map((o) => o.id);
      const rows = db
        .select()
        .from(organizations)
        .where(sql`${organizations.id} in ${ids}`)
        .all();
      writeNameKeys(db, rows, true);
    }
  });
  return missing;
}

/**
 * Live organizations holding this folded key of this kind, oldest first: one index range. The
 * duplicate check compares their countries; the importer's matching labels them as candidates.
 */
export const nameHolders = preparedOnce((db) =>
  db
    .select({
      id: organizations.id,
      abbreviation: organizations.abbreviation,
      name: organizations.name,
      country: organizations.country,
    })
    .from(organizationNames)
    .innerJoin(organizations, eq(organizations.id, organizationNames.organizationId))
    .where(
      and(
        eq(organizationNames.key, sql.placeholder('key')),
        eq(organizationNames.kind, sql.placeholder('kind')),
        isNull(organizations.deletedAt),
      ),
    )
    .orderBy(asc(organizations.seq))
    .prepare(),
);

export type DuplicateReason = 'name-and-country' | 'abbreviation-and-country';
export interface Duplicate {
  id: string;
  reason: DuplicateReason;
}

/** What findDuplicate compares, as strings: for new organizations that are not stored yet. */
export function duplicateKeys(org: {
  name: string;
  abbreviation?: string | null | undefined;
  country?: string | null | undefined;
}): string[] {
  const country = org.country ?? '';
  const keys = [`name|${fold(org.name)}|${country}`];
  if (org.abbreviation && country) keys.push(`abbreviation|${fold(org.abbreviation)}|${country}`);
  return keys;
}

/** The oldest live organization with this abbreviation in this country. */
export function findByAbbreviationAndCountry(db: Conn, abbreviation: string, country: string): string | undefined {
  return nameHolders(db)
    .all({ key: fold(abbreviation), kind: 'abbreviation' })
    .find((o) => o.country === country)?.id;
}

/**
 * The organization a new one would duplicate: the same folded name (as a name or alias of the
 * existing one) and the same country, both unknown counting as the same; or the same abbreviation
 * in the same (known) country. The oldest such, or null.
 */
export function findDuplicate(
  db: Conn,
  org: { name: string; abbreviation?: string | null | undefined; country?: string | null | undefined },
): Duplicate | null {
  const country = org.country ?? null;
  const byName = nameHolders(db)
    .all({ key: fold(org.name), kind: 'name' })
    .find((o) => o.country === country);
  if (byName) return { id: byName.id, reason: 'name-and-country' };
  const byAbbreviation =
    org.abbreviation && country ? findByAbbreviationAndCountry(db, org.abbreviation, country) : undefined;
  return byAbbreviation ? { id: byAbbreviation, reason: 'abbreviation-and-country' } : null;
}
