import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { inTransaction, type Conn } from './client.js';
import { outbox, outboxTargets } from './schema.js';
import { END_OF_TIME } from '../lib/bitemporal.js';

/**
 * The outbox's bookkeeping (the table and the triggers that fill it are in migration 0010): which
 * targets a topic has, which messages are due, and what became of each attempt.
 */

export type OutboxMessage = Pick<
  typeof outbox.$inferSelect,
  'id' | 'topic' | 'target' | 'payload' | 'attempts' | 'createdAt'
>;

/** The first retry after a second, then doubling, at most every five minutes. */
export const retryDelayMs = (attempts: number) => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);

/** Makes `targets` the topic's targets; messages queued for a target no longer listed wait, untried. */
export function setOutboxTargets(db: Conn, topic: string, targets: readonly string[]): void {
  inTransaction(db, () => {
    db.delete(outboxTargets).where(eq(outboxTargets.topic, topic)).run();
    for (const target of new Set(targets)) db.insert(outboxTargets).values({ topic, target }).run();
  });
}

/** A message given up on waits until then: never. */
export const NEVER = `${END_OF_TIME}T23:59:59.999Z`;

/**
 * Takes up to `limit` due messages of `topics` for listed targets, oldest first, counting the
 * attempt and setting the next one (after `delay(attempts)`) before it is made: a message being
 * sent no longer absorbs new ones (the triggers only merge into untried messages), and one whose
 * sender died is retried in time.
 */
export function claimDue(
  tx: Conn,
  now: Date,
  limit: number,
  topics: readonly string[],
  delay: (attempts: number) => number = retryDelayMs,
): OutboxMessage[] {
  const due = tx
    .select({
      id: outbox.id,
      topic: outbox.topic,
      target: outbox.target,
      payload: outbox.payload,
      attempts: outbox.attempts,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(
      and(
        isNull(outbox.deliveredAt),
        inArray(outbox.topic, [...topics]),
        lte(outbox.nextAttemptAt, now.toISOString()),
        sql`exists (select 1 from ${outboxTargets} t where t.topic = ${outbox.topic} and t.target = ${outbox.target})`,
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .all();
  for (const message of due) {
    message.attempts += 1;
    const next = new Date(now.getTime() + delay(message.attempts)).toISOString();
    tx.update(outbox).set({ attempts: message.attempts, nextAttemptAt: next }).where(eq(outbox.id, message.id)).run();
  }
  return due;
}

export function markDelivered(tx: Conn, id: number, at: Date): void {
  tx.update(outbox).set({ deliveredAt: at.toISOString(), lastError: null }).where(eq(outbox.id, id)).run();
}

export function markFailed(tx: Conn, id: number, error: string): void {
  tx.update(outbox)
    .set({ lastError: error.slice(0, 500) })
    .where(eq(outbox.id, id))
    .run();
}

/** No more attempts: the message stays undelivered, with why. */
export function markAbandoned(tx: Conn, id: number, error: string): void {
  tx.update(outbox)
    .set({ nextAttemptAt: NEVER, lastError: error.slice(0, 500) })
    .where(eq(outbox.id, id))
    .run();
}

/**
 * Makes a target's waiting messages (not given up on) due at once, whatever clock the worker
 * keeps (a resumed webhook subscription); they keep their order (by id).
 */
export function retryTargetNow(tx: Conn, topic: string, target: string): void {
  tx.update(outbox)
    .set({ nextAttemptAt: '1970-01-01T00:00:00.000Z' })
    .where(
      and(
        eq(outbox.topic, topic),
        eq(outbox.target, target),
        isNull(outbox.deliveredAt),
        sql`${outbox.nextAttemptAt} <> ${NEVER}`,
      ),
    )
    .run();
}

/** Every message, oldest first (tests, and an operator's look at what happened). */
export function listOutbox(db: Conn) {
  return db.select().from(outbox).orderBy(asc(outbox.id)).all();
}
