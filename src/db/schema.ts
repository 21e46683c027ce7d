import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Tables hold the current state of each resource (the "head"); `revisions` holds every state it
 * ever had. Heads are projections and may be rewritten; revisions are append-only (triggers in
 * migrations/0001_append_only.sql).
 */

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role', { enum: ['editor', 'admin'] }).notNull(),
  // SHA-256 of the secret: keys are 256-bit random, so a slow KDF adds nothing but latency.
  keyHash: text('key_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdAt: text('created_at').notNull(),
  revokedAt: text('revoked_at'),
});

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
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    country: text('country'),
    website: text('website'),
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
    sourceUrl: text('source_url'),
    openForSignatures: integer('open_for_signatures', { mode: 'boolean' }).notNull(),
    searchText: text('search_text').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
  },
  (t) => [index('statements_issuer_idx').on(t.issuer, t.seq)],
);

/**
 * One row per published "as of" list change. Events are appended in seq order with
 * non-decreasing as_of and recorded_at (triggers enforce both), so the events visible at any
 * (asOf, knownAt) are a prefix of seq: one index lookup finds it.
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
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.seq] }),
    index('signatory_events_as_of_idx').on(t.statementId, t.asOf, t.seq),
    index('signatory_events_recorded_at_idx').on(t.statementId, t.recordedAt, t.seq),
  ],
);

/** The additions and withdrawals of each event, in the order the hash covers them. */
export const signatoryEventItems = sqliteTable(
  'signatory_event_items',
  {
    statementId: text('statement_id').notNull(),
    seq: integer('seq').notNull(),
    ord: integer('ord').notNull(),
    kind: text('kind', { enum: ['add', 'withdraw'] }).notNull(),
    signatureId: text('signature_id').notNull(),
    organizationId: text('organization_id').notNull(),
    position: integer('position').notNull(),
    reason: text('reason'),
    printedAs: text('printed_as'),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.seq, t.ord] }),
    foreignKey({ columns: [t.statementId, t.seq], foreignColumns: [signatoryEvents.statementId, signatoryEvents.seq] }),
  ],
);

/**
 * The head of each signature. added_seq / withdrawn_seq tie it to the events, so the list as of
 * event S is `added_seq <= S AND (withdrawn_seq IS NULL OR withdrawn_seq > S)`.
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
    status: text('status', { enum: ['active', 'withdrawn'] }).notNull(),
    addedAsOf: text('added_as_of').notNull(),
    addedSeq: integer('added_seq').notNull(),
    withdrawnAsOf: text('withdrawn_as_of'),
    withdrawnSeq: integer('withdrawn_seq'),
    signedOn: text('signed_on'),
    note: text('note'),
    printedAs: text('printed_as'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('signatures_statement_position_idx').on(t.statementId, t.position),
    // An organization is on a list at most once at a time (it may sign again after withdrawing).
    uniqueIndex('signatures_active_org_idx')
      .on(t.statementId, t.organizationId)
      .where(sql`withdrawn_seq IS NULL`),
    index('signatures_organization_idx').on(t.organizationId, t.statementId),
  ],
);

/**
 * Responses to POSTs sent with an Idempotency-Key, per API key, written in the same transaction
 * as the change they describe: a retry replays the response instead of writing twice.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    apiKeyId: text('api_key_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
