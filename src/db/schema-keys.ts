import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The keys (part of src/db/schema.ts): API keys, the responses replayed per API key, and the keys
 * that sign checkpoints.
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

/**
 * Public halves of the Ed25519 keys that have signed checkpoints, newest last. Never deleted, so
 * a checkpoint signed before a rotation still verifies against the served JWKS.
 */
export const signingKeys = sqliteTable('signing_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: text('public_jwk', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  createdAt: text('created_at').notNull(),
});
