import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { organizationsFts, ftsQuery, refillSearchText } from '../../db/fts.js';
import { organizationIdentifiers, organizationNames, organizations } from '../../db/schema.js';
import { fold } from '../../lib/fold.js';
import { searchText, type Row } from './head.js';
import type { NameKind } from './names.js';

/** Finding organizations: by country, exact name, abbreviation or identifier, and by words (FTS5). */

/** Rows whose search text a migration blanked (its derivation changed) get it again, in one transaction. */
export function fillOrganizationSearchText(db: Conn): number {
  return refillSearchText(
    db,
    (tx, after) =>
      tx
        .select({
          seq: organizations.seq,
          abbreviation: organizations.abbreviation,
          name: organizations.name,
          nameEn: organizations.nameEn,
          aliases: organizations.aliases,
          names: organizations.names,
        })
        .from(organizations)
        .where(and(eq(organizations.searchText, ''), gt(organizations.seq, after)))
        .orderBy(asc(organizations.seq))
        .limit(500)
        .all(),
    (tx, row) =>
      tx
        .update(organizations)
        .set({ searchText: searchText(row) })
        .where(eq(organizations.seq, row.seq))
        .run(),
  );
}

/**
 * Live organizations in creation order, or, with `q`, ranked by FTS5's bm25 over every name,
 * English name, alias and abbreviation (folded, so case, diacritics and script do not matter).
 * `name` and `abbreviation` are exact: index lookups in organization_names.
 */
export function listOrganizations(
  db: Conn,
  query: {
    limit: number;
    after?: number | undefined;
    offset?: number | undefined;
    country?: string | undefined;
    q?: string | undefined;
    name?: string | undefined;
    abbreviation?: string | undefined;
    identifier?: { scheme: string; value: string } | undefined;
  },
): Row[] {
  const named = (key: string, kinds: NameKind[]) =>
    inArray(
      organizations.id,
      db
        .select({ id: organizationNames.organizationId })
        .from(organizationNames)
        .where(and(eq(organizationNames.key, key), inArray(organizationNames.kind, kinds))),
    );
  const holding = ({ scheme, value }: { scheme: string; value: string }) =>
    inArray(
      organizations.id,
      db
        .select({ id: organizationIdentifiers.organizationId })
        .from(organizationIdentifiers)
        .where(and(eq(organizationIdentifiers.scheme, scheme), eq(organizationIdentifiers.value, value))),
    );
  const filters = and(
    isNull(organizations.deletedAt),
    isNull(organizations.mergedInto),
    query.identifier === undefined ? undefined : holding(query.identifier),
    query.after === undefined ? undefined : gt(organizations.seq, query.after),
    query.country ? eq(organizations.country, query.country) : undefined,
    query.name === undefined ? undefined : named(fold(query.name), ['name', 'english-name']),
    query.abbreviation === undefined ? undefined : named(fold(query.abbreviation), ['abbreviation']),
  );
  if (query.q === undefined) {
    return db
      .select()
      .from(organizations)
      .where(filters)
      .orderBy(asc(organizations.seq))
      .limit(query.limit + 1)
      .all();
  }
  const match = ftsQuery(query.q);
  if (!match) return [];
  return db
    .select({ row: organizations })
    .from(organizationsFts)
    .innerJoin(organizations, eq(organizations.seq, organizationsFts.rowid))
    .where(and(sql`organizations_fts MATCH ${match}`, filters))
    .orderBy(sql`bm25(organizations_fts)`, asc(organizations.seq))
    .limit(query.limit + 1)
    .offset(query.offset ?? 0)
    .all()
    .map((r) => r.row);
}
