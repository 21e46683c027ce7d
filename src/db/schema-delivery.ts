import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The tables of delivery to other systems: the outbox and webhook subscriptions (part of src/db/schema.ts). */

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
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    deliveredAt: text('delivered_at'),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`delivered_at is null`),
    index('outbox_unclaimed_idx')
      .on(t.topic, t.target, t.payload)
      .where(sql`delivered_at is null and attempts = 0`),
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
