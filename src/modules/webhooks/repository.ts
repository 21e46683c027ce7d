import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNull, lt } from 'drizzle-orm';
import { inTransaction, type Conn } from '../../db/client.js';
import { retryTargetNow } from '../../db/outbox.js';
import { webhookDeliveries, webhookSubscriptions } from '../../db/schema.js';
import { gone, notFound } from '../../lib/domain-error.js';
import { newId, nowIso } from '../../lib/ids.js';
import { webhookEventType, type WEBHOOK_EVENT_TYPES } from './schemas.js';

type Row = typeof webhookSubscriptions.$inferSelect;
type EventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The outbox topic of webhook deliveries (migration 0013's triggers); the target is the subscription's id. */
export const WEBHOOK_TOPIC = 'webhook';

/** A subscription that has failed without a success for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * 3600_000;

/** `whsec_` + 192 random bits in base64, the form the Standard Webhooks libraries take. */
const generateSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** A subscription as the API shows it: never with its secret. */
export const toSubscription = ({ seq: _seq, secret: _secret, deletedAt: _deleted, events, ...row }: Row) => ({
  ...row,
  events: events.map((event) => webhookEventType.parse(event)),
});

export interface NewSubscription {
  url: string;
  events: EventType[];
  statementId?: string | undefined;
}

export function createSubscription(db: Conn, input: NewSubscription, createdBy: string) {
  const secret = generateSecret();
  const row = db
    .insert(webhookSubscriptions)
    .values({
      id: newId('whk'),
      url: input.url,
      events: input.events,
      statementId: input.statementId ?? null,
      secret,
      status: 'active',
      createdAt: nowIso(),
      createdBy,
    })
    .returning()
    .get();
  return { ...toSubscription(row), secret };
}

export function listSubscriptions(db: Conn) {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(isNull(webhookSubscriptions.deletedAt))
    .orderBy(asc(webhookSubscriptions.seq))
    .all()
    .map(toSubscription);
}

/** The subscription, deleted or not (the deliverer needs its secret). */
export function findSubscriptionRow(db: Conn, id: string): Row | undefined {
  return db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).get();
}

export function getLiveSubscriptionRow(db: Conn, id: string): Row {
  const row = findSubscriptionRow(db, id);
  if (!row) throw notFound('Webhook subscription', id);
  if (row.deletedAt) throw gone('Webhook subscription', id, 'was deleted; its delivery log remains readable.');
  return row;
}

/** Pauses (`disabled`) or resumes (`active`) deliveries; resuming forgets the run of failures. */
export function setSubscriptionStatus(db: Conn, id: string, status: 'active' | 'disabled', by: string) {
  return inTransaction(db, () => {
    const row = getLiveSubscriptionRow(db, id);
    if (row.status === status) return toSubscription(row);
    const change =
      status === 'active'
        ? { status, disabledReason: null, disabledAt: null, failingSince: null }
        : { status, disabledReason: `disabled by ${by}`, disabledAt: nowIso() };
    // What waited while it was disabled goes out now, not at its next scheduled retry.
    if (status === 'active') retryTargetNow(db, WEBHOOK_TOPIC, id);
    return toSubscription(
      db.update(webhookSubscriptions).set(change).where(eq(webhookSubscriptions.id, id)).returning().get() ?? row,
    );
  });
}

/** Soft: nothing more is delivered, the delivery log stays. */
export function deleteSubscription(db: Conn, id: string) {
  inTransaction(db, () => {
    getLiveSubscriptionRow(db, id);
    db.update(webhookSubscriptions).set({ deletedAt: nowIso() }).where(eq(webhookSubscriptions.id, id)).run();
  });
}

/** The delivery log of a subscription (deleted ones too), newest first, keyset-paged by id. */
export function listDeliveries(db: Conn, subscriptionId: string, limit: number, before?: number) {
  if (!findSubscriptionRow(db, subscriptionId)) throw notFound('Webhook subscription', subscriptionId);
  return db
    .select({
      id: webhookDeliveries.id,
      messageId: webhookDeliveries.messageId,
      eventType: webhookDeliveries.eventType,
      attempt: webhookDeliveries.attempt,
      attemptedAt: webhookDeliveries.attemptedAt,
      durationMs: webhookDeliveries.durationMs,
      statusCode: webhookDeliveries.statusCode,
      error: webhookDeliveries.error,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        before === undefined ? undefined : lt(webhookDeliveries.id, before),
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit + 1)
    .all()
    .map((row) => ({ ...row, eventType: webhookEventType.parse(row.eventType) }));
}

export interface LoggedAttempt {
  subscriptionId: string;
  outboxId: number;
  messageId: string;
  eventType: string;
  attempt: number;
  at: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/**
 * Logs an attempt and keeps the subscription's run of failures: a success ends it, a failure
 * starts or extends it, and a run of 3 days disables the subscription, saying why. Returns true
 * when this attempt disabled it.
 */
export function recordAttempt(tx: Conn, attempt: LoggedAttempt): boolean {
  const at = attempt.at.toISOString();
  tx.insert(webhookDeliveries)
    .values({ ...attempt, attemptedAt: at })
    .run();
  const row = findSubscriptionRow(tx, attempt.subscriptionId);
  // Deleted while the attempt was under way: it is final.
  if (!row || row.deletedAt !== null) return false;
  if (attempt.error === null) {
    if (row.failingSince !== null)
      tx.update(webhookSubscriptions).set({ failingSince: null }).where(eq(webhookSubscriptions.id, row.id)).run();
    return false;
  }
  const since = row.failingSince ?? at;
  const disable = row.status === 'active' && attempt.at.getTime() - Date.parse(since) >= DISABLE_AFTER_MS;
  tx.update(webhookSubscriptions)
    .set(
      disable
        ? {
            failingSince: since,
            status: 'disabled',
            disabledAt: at,
            disabledReason: `every delivery failed for 3 days (since ${since}); the last: ${attempt.error}`.slice(
              0,
              1000,
            ),
          }
        : { failingSince: since },
    )
    .where(eq(webhookSubscriptions.id, row.id))
    .run();
  return disable;
}
