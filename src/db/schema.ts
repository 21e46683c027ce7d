import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Tables hold the current state of each resource (the "head"); `revisions` holds every state it
 * ever had. Heads are projections and may be rewritten; revisions are append-only (triggers in
 * migrations/0001_append_only.sql).
 */

/** Who recorded a withdrawal or retraction, when, in which event, and why. */
export interface ChangeNote {
  seq: number;
  asOf: string;
  reason: string | null;
  recordedAt: string;
  recordedBy: string;
}

/** An identifier of an organization in another registry (Wikidata, ROR, ISNI…) or on the web. */
export interface OrganizationIdentifier {
  scheme: string;
  value: string;
}

/** An organization's name in one language (BCP 47 tag). */
export interface LanguageName {
  lang: string;
  name: string;
}

/** A statement's title and body in one more language (BCP 47 tag). */
export interface StatementVersion {
  language: string;
  title: string;
  body: string;
}

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
    // Names in other languages than the organization's own and English: [{ lang, name }].
    names: text('names', { mode: 'json' }).$type<LanguageName[]>().notNull().default(sql`'[]'`),
    country: text('country'),
    website: text('website'),
    // Identifiers in other registries: [{ scheme, value }], each pair held by one organization (organization_identifiers).
    identifiers: text('identifiers', { mode: 'json' }).$type<OrganizationIdentifier[]>().notNull().default(sql`'[]'`),
    // Set while this organization is merged into another (a duplicate): its id answers 308 there.
    mergedInto: text('merged_into'),
    // The organizations merged into this one, oldest merge first.
    mergedIds: text('merged_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
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
    versions: text('versions', { mode: 'json' }).$type<StatementVersion[]>().notNull().default(sql`'[]'`),
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
    index('statements_issuer_idx').on(t.issuer, t.seq),
    // The few deleted statements, which network reads subtract, without scanning the rest.
    index('statements_deleted_idx').on(t.id).where(sql`deleted_at IS NOT NULL`),
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
    // Derived, not hashed (verify checks it): the latest list's size right after this event, so
    // the current count is one probe of the newest event. Null where it was never computed.
    latestTotal: integer('latest_total'),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.seq] }),
    index('signatory_events_as_of_idx').on(t.statementId, t.asOf, t.seq),
    index('signatory_events_recorded_at_idx').on(t.statementId, t.recordedAt, t.seq),
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
    index('signatory_event_items_organization_idx').on(t.statementId, t.organizationId),
    index('signatory_event_items_signature_idx').on(t.signatureId),
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

/**
 * Every name an organization goes by, folded (case, diacritics, script, spaces, dashes), so the
 * importer recognises a printed entry with index lookups whatever the number of organizations.
 * Derived from the organization's head and rewritten with it.
 */
export const organizationNames = sqliteTable(
  'organization_names',
  {
    key: text('key').notNull(),
    kind: text('kind', { enum: ['name', 'abbreviation', 'abbreviation-name', 'english-name', 'translated-name'] }).notNull(),
    organizationId: text('organization_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.kind, t.organizationId] }), index('organization_names_organization_idx').on(t.organizationId)],
);

/**
 * Messages to other systems, written in the same transaction as the change they announce, so a
 * committed change is never left unannounced (a crash before delivery only delays it). A worker
 * delivers each row to its target with retries and backoff; rows are marked delivered, never
 * deleted (triggers guard it). Topics: `cache-purge` (payload: surrogate keys to purge) and
 * `webhook` (target: a subscription; payload: which event, migration 0013).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topic: text('topic').notNull(),
    target: text('target').notNull(),
    payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    deliveredAt: text('delivered_at'),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`delivered_at is null`),
    index('outbox_unclaimed_idx').on(t.topic, t.target, t.payload).where(sql`delivered_at is null and attempts = 0`),
  ],
);

/**
 * Where each topic's messages go, mirrored from the configuration at every start (e.g. the caches
 * in CACHE_PURGE_URLS): the triggers that fill the outbox read it, so a change written by any
 * connection (server, import worker, CLI) is announced, and nothing is written while it is empty.
 */
export const outboxTargets = sqliteTable(
  'outbox_targets',
  {
    topic: text('topic').notNull(),
    target: text('target').notNull(),
  },
  (t) => [primaryKey({ columns: [t.topic, t.target] })],
);

/**
 * Webhook subscriptions (issue 11). Each active one is listed in outbox_targets (topic `webhook`,
 * target: its id) by the triggers of migration 0013, which also queue a message for it in the
 * outbox whenever an event it subscribes to is written, by any connection. The secret signs its
 * deliveries (Standard Webhooks); the API shows it once, when the subscription is made.
 */
export const webhookSubscriptions = sqliteTable('webhook_subscriptions', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  url: text('url').notNull(),
  events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
  statementId: text('statement_id'),
  secret: text('secret').notNull(),
  status: text('status', { enum: ['active', 'disabled'] }).notNull(),
  disabledReason: text('disabled_reason'),
  disabledAt: text('disabled_at'),
  // When the current run of failed attempts began; null after a success.
  failingSince: text('failing_since'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  deletedAt: text('deleted_at'),
});

/** One row per delivery attempt of a webhook message: the delivery log. Append-only. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: text('subscription_id').notNull(),
    outboxId: integer('outbox_id').notNull(),
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    attempt: integer('attempt').notNull(),
    attemptedAt: text('attempted_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
  },
  (t) => [index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.id)],
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
  (t) => [primaryKey({ columns: [t.scheme, t.value] }), index('organization_identifiers_organization_idx').on(t.organizationId)],
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
  (t) => [index('organization_merges_organization_idx').on(t.organizationId, t.seq), index('organization_merges_into_idx').on(t.intoId, t.seq)],
);
