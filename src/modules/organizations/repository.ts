import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { inTransaction, preparedOnce, type Conn } from '../../db/client.js';
import { appendRevisions, reviseHead } from '../../db/revisions.js';
import { organizationsFts, ftsQuery, refillSearchText } from '../../db/fts.js';
import { organizationIdentifiers, organizationNames, organizations } from '../../db/schema.js';
import { insertRows } from '../../db/bulk-insert.js';
import { fold } from '../../lib/fold.js';
import { searchText as deriveSearchText } from '../../lib/search-text.js';
import { newId, nowIso } from '../../lib/ids.js';
import { conflict, gone, notFound } from '../../lib/domain-error.js';
import { findDuplicate, heldNameKeys, writeNameKeys, type Duplicate, type NameKind } from './names.js';
import { MAX_ALIASES, type Organization, type OrganizationInput, type OrganizationPatch } from './schemas.js';
import { nfcNames } from './languages.js';
import { refuseTaken, writeIdentifierKeys } from './identifiers.js';

type Row = typeof organizations.$inferSelect;

const nfc = (s: string | null | undefined) => (s == null ? null : s.normalize('NFC'));

export function toOrganization(row: Omit<Row, 'seq' | 'searchText'>): Organization {
  return {
    id: row.id,
    abbreviation: row.abbreviation,
    name: row.name,
    nameEn: row.nameEn,
    names: row.names,
    aliases: row.aliases,
    country: row.country,
    website: row.website,
    identifiers: row.identifiers,
    mergedIds: row.mergedIds,
    ...(row.mergedInto === null ? {} : { mergedInto: row.mergedInto }),
    revision: row.revision,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

export function searchText(o: Pick<Row, 'abbreviation' | 'name' | 'nameEn' | 'aliases' | 'names'>): string {
  return deriveSearchText([o.abbreviation, o.name, o.nameEn, ...o.aliases, ...o.names.map((n) => n.name)]);
}

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
 * Inside a caller's transaction, so statements can create organizations atomically with events.
 * Many at once (an imported list) go in multi-row statements: one head, one revision and their
 * name keys each.
 */
export function insertOrganizations(
  db: Conn,
  inputs: (OrganizationInput & { id?: string })[],
  actor: string,
  now = nowIso(),
): Organization[] {
  const created: Organization[] = [];
  const identified = inputs.filter((input) => input.identifiers?.length);
  if (identified.length > 0) {
    refuseTaken(
      db,
      identified.flatMap((input) => input.identifiers ?? []),
      null,
    );
    const all = identified.flatMap((input) => (input.identifiers ?? []).map((i) => `${i.scheme} ${i.value}`));
    if (new Set(all).size !== all.length)
      throw conflict('identifier-taken', 'Two new organizations were given the same identifier.', [
        { field: 'identifiers', detail: 'repeats an identifier of another new organization' },
      ]);
  }
  for (let i = 0; i < inputs.length; i += 500) {
    const values = inputs.slice(i, i + 500).map((input) => {
      const head = {
        id: input.id ?? newId('org'),
        revision: 1,
        abbreviation: nfc(input.abbreviation),
        name: input.name.normalize('NFC'),
        nameEn: nfc(input.nameEn),
        names: nfcNames(input.names ?? []),
        aliases: (input.aliases ?? []).map((a) => a.normalize('NFC')),
        country: input.country ?? null,
        website: input.website ?? null,
        identifiers: input.identifiers ?? [],
        mergedInto: null,
        mergedIds: [],
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
      return { ...head, searchText: searchText(head) };
    });
    insertRows(db, organizations, values);
    const states = values.map(toOrganization);
    appendRevisions(
      db,
      states.map((state) => ({
        resource: 'organization' as const,
        resourceId: state.id,
        revision: 1,
        action: 'create' as const,
        recordedAt: now,
        recordedBy: actor,
        state,
      })),
    );
    insertRows(db, organizationNames, values.flatMap(heldNameKeys));
    writeIdentifierKeys(
      db,
      values.filter((v) => v.identifiers.length > 0),
    );
    created.push(...states);
  }
  return created;
}

export function insertOrganization(
  db: Conn,
  input: OrganizationInput,
  actor: string,
  id = newId('org'),
  now = nowIso(),
): Organization {
  const [created] = insertOrganizations(db, [{ ...input, id }], actor, now);
  if (!created) throw new Error('an insert of one organization returned none');
  return created;
}

/** Refuses (409) an organization that exists already, unless `allowDuplicate`: see findDuplicate. */
export function createOrganization(
  db: Conn,
  input: OrganizationInput,
  actor: string,
  allowDuplicate = false,
): Organization {
  return inTransaction(db, () => {
    const duplicate = allowDuplicate ? null : findDuplicate(db, input);
    if (duplicate) throw duplicateOrganization(duplicate);
    return insertOrganization(db, input, actor);
  });
}

function duplicateOrganization({ id, reason }: Duplicate) {
  const what = reason === 'name-and-country' ? 'name' : 'abbreviation';
  const fields = [{ field: what, detail: `is that of ${id} in the same country` }];
  const hint = 'use it (GET /v1/organizations/' + id + '), or pass allowDuplicate=true if this is another organization';
  return conflict('duplicate-organization', `Organization ${id} has the same ${what} and country: ${hint}.`, fields, {
    existing: id,
    reason,
  });
}

const organizationById = preparedOnce((db) =>
  db
    .select()
    .from(organizations)
    .where(eq(organizations.id, sql.placeholder('id')))
    .prepare(),
);

/** Prepared once: an import looks up every organization it matched (some 30% of a dry run's time when built per call). */
export function findOrganizationRow(db: Conn, id: string): Row | undefined {
  return organizationById(db).get({ id });
}

/** The live organization, or 404 (never existed) / 410 (deleted). */
export function getLiveOrganization(db: Conn, id: string): Row {
  const row = findOrganizationRow(db, id);
  if (!row) throw notFound('Organization', id);
  if (row.deletedAt) throw gone('Organization', id);
  if (row.mergedInto !== null) throw mergedAway(id, row.mergedInto);
  return row;
}

/** An organization merged into another: reads answer 308 to `mergedInto`, writes 409. */
export function mergedAway(id: string, into: string) {
  return conflict('organization-merged', `Organization ${id} was merged into ${into}: use that one.`, [], {
    mergedInto: into,
  });
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
  const filters = and(
    isNull(organizations.deletedAt),
    isNull(organizations.mergedInto),
    query.identifier === undefined
      ? undefined
      : inArray(
          organizations.id,
          db
            .select({ id: organizationIdentifiers.organizationId })
            .from(organizationIdentifiers)
            .where(
              and(
                eq(organizationIdentifiers.scheme, query.identifier.scheme),
                eq(organizationIdentifiers.value, query.identifier.value),
              ),
            ),
        ),
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

/**
 * Read-check-write under BEGIN IMMEDIATE: the revision compared against If-Match is the one we
 * overwrite, so two writers holding the same ETag cannot both succeed.
 */
export function updateOrganization(
  db: Conn,
  id: string,
  patch: OrganizationPatch,
  matches: (revision: number) => boolean,
  actor: string,
): Organization {
  return inTransaction(db, () => {
    const current = getLiveOrganization(db, id);
    const now = nowIso();
    const next = {
      abbreviation: patch.abbreviation === undefined ? current.abbreviation : nfc(patch.abbreviation),
      name: patch.name === undefined ? current.name : patch.name.normalize('NFC'),
      nameEn: patch.nameEn === undefined ? current.nameEn : nfc(patch.nameEn),
      names: patch.names === undefined ? current.names : nfcNames(patch.names),
      aliases: patch.aliases === undefined ? current.aliases : patch.aliases.map((a) => a.normalize('NFC')),
      country: patch.country === undefined ? current.country : patch.country,
      website: patch.website === undefined ? current.website : patch.website,
      identifiers: patch.identifiers === undefined ? current.identifiers : patch.identifiers,
    };
    if (patch.identifiers !== undefined) refuseTaken(db, patch.identifiers, id);
    return reviseHead(db, {
      resource: 'organization',
      id,
      current,
      matches,
      action: 'update',
      actor,
      now,
      write: (revision) => {
        const row = db
          .update(organizations)
          .set({ ...next, revision, updatedAt: now, searchText: searchText(next) })
          .where(eq(organizations.id, id))
          .returning()
          .get();
        if (row) writeNameKeys(db, [row], true);
        if (row && patch.identifiers !== undefined) writeIdentifierKeys(db, [row]);
        return row;
      },
      toState: toOrganization,
    });
  });
}

/** Of these spellings, those no name, English name, alias or abbreviation of the organization folds to (room allowing). */
export function newSpellings(
  org: Pick<Row, 'name' | 'nameEn' | 'abbreviation' | 'aliases'>,
  spellings: readonly (string | null)[],
): string[] {
  const known = new Set([org.name, org.nameEn, org.abbreviation, ...org.aliases].flatMap((n) => (n ? [fold(n)] : [])));
  const found: string[] = [];
  for (const spelling of spellings) {
    const key = spelling ? fold(spelling) : '';
    if (spelling && key && !known.has(key)) {
      known.add(key);
      found.push(spelling.normalize('NFC'));
    }
  }
  return found.slice(0, Math.max(0, MAX_ALIASES - org.aliases.length));
}

/** Appends aliases as a new revision, inside the caller's (immediate) transaction. */
export function addAliases(tx: Conn, id: string, aliases: string[], actor: string, now = nowIso()): Organization {
  const current = getLiveOrganization(tx, id);
  const next = { ...current, aliases: [...current.aliases, ...aliases] };
  return reviseHead(tx, {
    resource: 'organization',
    id,
    current,
    matches: null,
    action: 'update',
    actor,
    now,
    write: (revision) => {
      const row = tx
        .update(organizations)
        .set({ aliases: next.aliases, revision, updatedAt: now, searchText: searchText(next) })
        .where(eq(organizations.id, id))
        .returning()
        .get();
      if (row) writeNameKeys(tx, [row], true);
      return row;
    },
    toState: toOrganization,
  });
}

export function deleteOrganization(
  db: Conn,
  id: string,
  matches: ((revision: number) => boolean) | null,
  actor: string,
): void {
  inTransaction(db, () => {
    const current = getLiveOrganization(db, id);
    const now = nowIso();
    reviseHead(db, {
      resource: 'organization',
      id,
      current,
      matches,
      action: 'delete',
      actor,
      now,
      write: (revision) => {
        const row = db
          .update(organizations)
          .set({ revision, updatedAt: now, deletedAt: now })
          .where(eq(organizations.id, id))
          .returning()
          .get();
        // A deleted organization's identifiers are free for another (its revisions keep them).
        if (row) writeIdentifierKeys(db, [row]);
        return row;
      },
      toState: toOrganization,
    });
  });
}
