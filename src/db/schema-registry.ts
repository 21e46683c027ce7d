import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { OrganizationIdentifier } from './json-columns.js';

/**
 * The organization registry's own tables: the names and identifiers each organization holds, and
 * merges (part of src/db/schema.ts).
 */

/**
 * Every name an organization goes by, folded (case, diacritics, script, spaces, dashes), so the
 * importer recognises a printed entry with index lookups whatever the number of organizations.
 * Derived from the organization's head and rewritten with it.
 */
export const organizationNames = sqliteTable(
  'organization_names',
  {
    key: text('key').notNull(),
    kind: text('kind', {
      enum: ['name', 'abbreviation', 'abbreviation-name', 'english-name', 'translated-name'],
    }).notNull(),
    organizationId: text('organization_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.key, t.kind, t.organizationId] }),
    index('organization_names_organization_idx').on(t.organizationId),
  ],
);

/**
 * Which organization holds each identifier: derived from the live, unmerged heads and rewritten
 * with them; its primary key is what makes an identifier unique across organizations.
 */
export const organizationIdentifiers = sqliteTable(
  'organization_identifiers',
  {
    scheme: text('scheme').notNull(),
    value: text('value').notNull(),
    organizationId: text('organization_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scheme, t.value] }),
    index('organization_identifiers_organization_idx').on(t.organizationId),
  ],
);

/** One signature a merge (or unmerge) moved, or dropped because the survivor had signed too. */
export interface MergeMove {
  statementId: string;
  /** The signature retracted by the move. */
  from: string;
  /** The organization it goes to. */
  organizationId: string;
  /** The signatures that took its place, one per stretch on the list (none: dropped, see keptSignatureId). */
  to: string[];
  /** When dropped: the other organization's earlier signature, kept. */
  keptSignatureId?: string;
}

/** What a merge changed besides the signatures, so an unmerge can give it back. */
export interface MergeDetails {
  moves: MergeMove[];
  /** Spellings the survivor gained as aliases. */
  aliases: string[];
  /** Identifiers the survivor took over from the duplicate. */
  identifiers: OrganizationIdentifier[];
  /** Signatory events the merge recorded: [statementId, seq]. */
  events: [string, number][];
}

/**
 * Merges and unmerges of organizations, as recorded: append-only and hash-chained in seq order
 * (triggers in migrations/0014), beside the signatory events and revisions they wrote.
 */
export const organizationMerges = sqliteTable(
  'organization_merges',
  {
    seq: integer('seq').primaryKey(),
    action: text('action', { enum: ['merge', 'unmerge'] }).notNull(),
    organizationId: text('organization_id').notNull(),
    intoId: text('into_id').notNull(),
    reason: text('reason').notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    details: text('details', { mode: 'json' }).$type<MergeDetails>().notNull(),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
  },
  // The merge that holds an organization now (its latest record), which an unmerge undoes.
  (t) => [index('organization_merges_organization_idx').on(t.organizationId, t.seq)],
);
