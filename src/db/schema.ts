import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ChangeNote, LanguageName, OrganizationIdentifier, StatementVersion } from './json-columns.js';

export type * from './json-columns.js';

/**
 * Tables hold the current state of each resource (the "head"); `revisions` holds every state it
 * ever had. Heads are projections and may be rewritten; revisions are append-only (triggers in
 * migrations/0001_append_only.sql).
 */

export const organizations = sqliteTable(
  'organizations',
  {
    // Integer surrogate gives a stable, gap-tolerant order for cursor pagination.
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    revision: integer('revision').notNull(),
    abbreviation: text('abbreviation'),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    aliases: text('aliases', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    // Names in other languages than the organization's own and English: [{ lang, name }].
    names: text('names', { mode: 'json' })
      .$type<LanguageName[]>()
      .notNull()
      .default(sql`'[]'`),
    country: text('country'),
    website: text('website'),
    // Identifiers in other registries: [{ scheme, value }], each pair held by one organization (organization_identifiers).
    identifiers: text('identifiers', { mode: 'json' })
      .$type<OrganizationIdentifier[]>()
      .notNull()
      .default(sql`'[]'`),
    // Set while this organization is merged into another (a duplicate): its id answers 308 there.
    mergedInto: text('merged_into'),
    // The organizations merged into this one, oldest merge first.
    mergedIds: text('merged_ids', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    // Folded (case, diacritics, script) text of every name, for search.
    searchText: text('search_text').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [index('organizations_country_idx').on(t.country, t.seq)],
);

export const revisions = sqliteTable(
  'revisions',
  {
    resource: text('resource', { enum: ['organization', 'statement', 'signature'] }).notNull(),
    resourceId: text('resource_id').notNull(),
    revision: integer('revision').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    state: text('state', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    // Each resource's revisions form a hash chain (src/lib/hash-chain.ts), so an edited or
    // removed revision is detected by verify even if the triggers were dropped.
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [primaryKey({ columns: [t.resource, t.resourceId, t.revision] })],
);

export const statements = sqliteTable(
  'statements',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    revision: integer('revision').notNull(),
    title: text('title').notNull(),
    issuer: text('issuer').notNull(),
    kind: text('kind', { enum: ['resolution', 'open-letter', 'declaration', 'petition', 'other'] }).notNull(),
    publishedOn: text('published_on'),
    language: text('language'),
    body: text('body').notNull(),
    // The statement in other languages: [{ language, title, body }]; title, body and language above are the original.
    versions: text('versions', { mode: 'json' })
      .$type<StatementVersion[]>()
      .notNull()
      .default(sql`'[]'`),
    sourceUrl: text('source_url'),
    openForSignatures: integer('open_for_signatures', { mode: 'boolean' }).notNull(),
    // The number of signatories the source prints ("31 organizations"), when it prints one.
    declaredCount: integer('declared_count'),
    searchText: text('search_text').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    // Statements by issuer, newest first (GET /v1/statements?issuer=, and an import finding its
    // statement by issuer and title): issuers compare case-blind, so the index does too.
    index('statements_issuer_idx').on(sql`${t.issuer} COLLATE NOCASE`, t.seq),
    // The few deleted statements, which network reads subtract, without scanning the rest.
    index('statements_deleted_idx')
      .on(t.id)
      .where(sql`deleted_at IS NOT NULL`),
  ],
);

/**
 * One row per recorded change of a statement's signatory list: the record itself, hash-chained in
 * seq order. seq and recorded_at (transaction time) grow together; as_of (valid time) may be any
 * date, so a late-found list or a correction is recorded now for an earlier date.
 */
export const signatoryEvents = sqliteTable(
  'signatory_events',
  {
    statementId: text('statement_id')
      .notNull()
      .references(() => statements.id),
    seq: integer('seq').notNull(),
    asOf: text('as_of').notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    source: text('source'),
    note: text('note'),
    total: integer('total').notNull(),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
    // 1: events written before corrections existed (added/withdrawn lists); 2: one items list.
    format: integer('format').notNull().default(1),
    // The document the list came from (documents.sha256), when it came from one: hashed, so the
    // chain proves which bytes the list was read from. Null for events recorded by hand.
    document: text('document'),
    // Derived, not hashed (verify checks it): the latest list's size right after this event, so
    // the current count is one probe of the newest event. Null where it was never computed.
    latestTotal: integer('latest_total'),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.seq] }),
    index('signatory_events_as_of_idx').on(t.statementId, t.asOf, t.seq),
    index('signatory_events_recorded_at_idx').on(t.statementId, t.recordedAt, t.seq),
    // The events a kept document gave (its metadata), without indexing the many made by hand.
    index('signatory_events_document_idx')
      .on(t.document)
      .where(sql`document IS NOT NULL`),
  ],
);

/** The additions, withdrawals and retractions of each event, in the order the hash covers them. */
export const signatoryEventItems = sqliteTable(
  'signatory_event_items',
  {
    statementId: text('statement_id').notNull(),
    seq: integer('seq').notNull(),
    ord: integer('ord').notNull(),
    kind: text('kind', { enum: ['add', 'withdraw', 'retract'] }).notNull(),
    signatureId: text('signature_id').notNull(),
    organizationId: text('organization_id').notNull(),
    position: integer('position').notNull(),
    reason: text('reason'),
    printedAs: text('printed_as'),
    printedNumber: integer('printed_number'),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.seq, t.ord] }),
    foreignKey({ columns: [t.statementId, t.seq], foreignColumns: [signatoryEvents.statementId, signatoryEvents.seq] }),
    // The items of the organizations an append names (its state), per statement.
    index('signatory_event_items_organization_idx').on(t.statementId, t.organizationId),
  ],
);

/**
 * Derived from the events (and checked against them by verify): signature S was on the list for
 * valid time [valid_from, valid_to) as known from event known_from until event known_to. A
 * correction closes the spans it changes (known_to) and opens new ones, so any (asOf, knownAt)
 * read is index probes plus that statement's list. Rows are never deleted; known_to is set once.
 */
export const signatureSpans = sqliteTable(
  'signature_spans',
  {
    statementId: text('statement_id').notNull(),
    signatureId: text('signature_id').notNull(),
    organizationId: text('organization_id').notNull(),
    position: integer('position').notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    knownFrom: integer('known_from').notNull(),
    knownTo: integer('known_to'),
    // The entry as printed by the list whose addition began this stretch (derived from its item).
    printedAs: text('printed_as'),
    printedNumber: integer('printed_number'),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.signatureId, t.validFrom, t.knownFrom] }),
    // The list as known now, in position order, answered from the index alone.
    index('signature_spans_current_idx')
      .on(t.statementId, t.position, t.validFrom, t.validTo, t.signatureId, t.organizationId)
      .where(sql`known_to IS NULL`),
    index('signature_spans_statement_idx').on(t.statementId, t.position, t.knownFrom),
    index('signature_spans_organization_idx').on(t.organizationId, t.statementId),
    // What an organization has signed as known now, answered from the index alone: the cosigner
    // and network reads (src/modules/network/) start and count from it.
    index('signature_spans_organization_current_idx')
      .on(t.organizationId, t.validFrom, t.validTo, t.statementId)
      .where(sql`known_to IS NULL`),
  ],
);

/**
 * The head of each signature: one organization's place on one statement's list, its position
 * fixed when first recorded. Status and dates are the latest knowledge, derived from the events
 * (verify checks them); every change is a revision.
 */
export const signatures = sqliteTable(
  'signatures',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    revision: integer('revision').notNull(),
    statementId: text('statement_id')
      .notNull()
      .references(() => statements.id),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    position: integer('position').notNull(),
    status: text('status', { enum: ['active', 'withdrawn', 'retracted'] }).notNull(),
    addedAsOf: text('added_as_of').notNull(),
    withdrawnAsOf: text('withdrawn_as_of'),
    withdrawal: text('withdrawal', { mode: 'json' }).$type<ChangeNote | null>(),
    retraction: text('retraction', { mode: 'json' }).$type<ChangeNote | null>(),
    signedOn: text('signed_on'),
    note: text('note'),
    printedAs: text('printed_as'),
    printedNumber: integer('printed_number'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('signatures_statement_position_idx').on(t.statementId, t.position),
    index('signatures_organization_idx').on(t.organizationId, t.statementId),
  ],
);

// Split by subject to keep each file readable; drizzle-kit and the client see one schema.
export * from './schema-keys.js';
export * from './schema-delivery.js';
export * from './schema-registry.js';
export * from './schema-log.js';
export * from './schema-documents.js';
export * from './schema-sources.js';
