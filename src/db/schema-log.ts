import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The log over every record (part of src/db/schema.ts); its triggers are in migrations/0018. */

/**
 * One leaf per record the database keeps (a signatory event, a revision of an organization,
 * statement or signature, a merge, a key rotation), appended by triggers in the same transaction
 * as the record, in the order they were written. The leaves form a Merkle tree (RFC 9162,
 * src/lib/merkle.ts): a head someone kept (size, root) fixes every leaf before it, so a record
 * deleted or rewritten anywhere contradicts it. Append-only.
 */
export const logEntries = sqliteTable(
  'log_entries',
  {
    // The leaf's index in the tree, from 0.
    idx: integer('idx').primaryKey(),
    // event | organization | statement | signature | merge | key-rotation
    kind: text('kind').notNull(),
    // The statement (event), the resource (revision), the merged organization (merge), the new key's kid (key-rotation).
    subject: text('subject').notNull(),
    // The event's seq, the revision number, the merge's or rotation's seq.
    number: integer('number').notNull(),
    // The record's own hash (each record is hash-chained in its own table).
    recordHash: text('record_hash').notNull(),
    // The leaf's hash, then the hash of each complete subtree this leaf closes (levels 1, 2, …):
    // 64 hex characters each, so the tree needs no table of its own.
    hashes: text('hashes').notNull(),
  },
  // One leaf per record, and the way from a record to its leaf (inclusion proofs).
  (t) => [uniqueIndex('log_entries_record_idx').on(t.subject, t.kind, t.number)],
);

/**
 * The checkpoint key's rotations, as the key configuration holds them (a statement signed by the
 * key handed over and by the key taking over). Recorded here so that each is a leaf of the log;
 * trusted only through their signatures, never because they are in this table.
 */
export const keyRotations = sqliteTable('key_rotations', {
  seq: integer('seq').primaryKey(),
  fromKid: text('from_kid').notNull(),
  toKid: text('to_kid').notNull(),
  // The signed statement (JWS JSON serialization), exactly as configured.
  statement: text('statement').notNull(),
  // SHA-256 of the statement's text: what the log's leaf names.
  hash: text('hash').notNull(),
  recordedAt: text('recorded_at').notNull(),
});

/**
 * Tree heads co-signed by witnesses (independent keys that checked the head extends every head
 * they signed before). Not records of the log but statements about it: each row is the head's
 * payload with every signature collected for it, the server's first. Trusted only through those
 * signatures, checked by whoever reads them against keys they pinned.
 */
export const witnessedHeads = sqliteTable(
  'witnessed_heads',
  {
    // The signed head's payload (base64url of the canonical {size, root, time}).
    payload: text('payload').primaryKey(),
    size: integer('size').notNull(),
    signatures: text('signatures', { mode: 'json' }).$type<{ protected: string; signature: string }[]>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  // The latest witnessed head: the largest size.
  (t) => [index('witnessed_heads_size_idx').on(t.size)],
);
