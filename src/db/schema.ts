import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
