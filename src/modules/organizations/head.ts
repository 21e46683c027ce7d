import { eq, sql } from 'drizzle-orm';
import { preparedOnce, type Conn } from '../../db/client.js';
import { reviseHead, type RevisionStep } from '../../db/revisions.js';
import { organizations } from '../../db/schema.js';
import { conflict, gone, notFound } from '../../lib/domain-error.js';
import { searchText as deriveSearchText } from '../../lib/search-text.js';
import { writeIdentifierKeys } from './identifiers.js';
import { writeNameKeys } from './names.js';
import type { Organization } from './schemas.js';

/**
 * An organization's head: the row as stored, the state its revisions keep, its derived search
 * text, the lookups by id, and the one write every later revision of it goes through.
 */

export type Row = typeof organizations.$inferSelect;

export const nfc = (s: string | null | undefined) => (s == null ? null : s.normalize('NFC'));

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

/** One revision of an organization's head: what it sets, and which derived keys it rewrites. */
export interface OrganizationRevision extends RevisionStep {
  /** The changed columns (revision and updatedAt are set here). */
  set: Partial<Omit<Row, 'seq' | 'id' | 'revision' | 'updatedAt'>>;
  /** Rewrite the organization's name keys (a name changed, or whether it is matched at all). */
  names?: boolean;
  /** Rewrite the identifiers it holds (they changed, or it no longer holds any). */
  identifiers?: boolean;
}

/** The next revision of `current`, inside the caller's (immediate) transaction. */
export function reviseOrganization(
  tx: Conn,
  current: Row,
  { set, names, identifiers, ...step }: OrganizationRevision,
): Organization {
  const id = current.id;
  const write = (revision: number) => {
    const row = tx
      .update(organizations)
      .set({ ...set, revision, updatedAt: step.now })
      .where(eq(organizations.id, id))
      .returning()
      .get();
    if (row && names) writeNameKeys(tx, [row], true);
    if (row && identifiers) writeIdentifierKeys(tx, [row]);
    return row;
  };
  return reviseHead(tx, { ...step, resource: 'organization', id, current, write, toState: toOrganization });
}
