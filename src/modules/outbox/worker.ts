import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { claimDue, markDelivered, markFailed, type OutboxMessage } from '../../db/outbox.js';
import type { WriteLane } from '../../db/write-lane.js';

/** Sends one message to its target; throws (or rejects) when it was not accepted. */
export type Deliver = (target: string, payload: unknown, signal: AbortSignal) => Promise<void>;

export interface OutboxWorkerOptions {
  /** How often to look for messages written by other connections (import worker, CLI) or due for a retry. */
  pollMs?: number;
  /** How long one delivery may take. */
  timeoutMs?: number;
  /** Messages taken per round trip to the database. */
  batch?: number;
}

/**
 * Delivers the outbox: takes due messages (counting the attempt first, so a crash mid-delivery
 * means a retry, never a loss), hands each to its topic's `Deliver`, and records the outcome.
 * Failed messages are retried with backoff (src/db/outbox.ts retryDelayMs) until they succeed.
 * Its own bookkeeping goes through the write lane like every write, marked quiet so that it does
 * not announce itself.
 */
export class OutboxWorker {
  readonly #db: Db;
  readonly #lane: WriteLane;
  readonly #deliverers: Readonly<Record<string, Deliver>>;
  readonly #log: FastifyBaseLogger;
  readonly #timeoutMs: number;
  readonly #batch: number;
  readonly #pollMs: number;
  readonly #anyDue;
  #timer: NodeJS.Timeout | null = null;
  #current: Promise<void> | null = null;
  #queued: Promise<void> | null = null;
  #stopped = false;

  constructor(db: Db, lane: WriteLane, deliverers: Readonly<Record<string, Deliver>>, log: FastifyBaseLogger, options: OutboxWorkerOptions = {}) {
    this.#db = db;
    this.#lane = lane;
    this.#deliverers = deliverers;
    this.#log = log;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#batch = options.batch ?? 32;
    this.#pollMs = options.pollMs ?? 1000;
    // A read, so that polling an idle outbox costs no commit.
    this.#anyDue = db.$client.prepare<[string], number>(
      `select 1 from outbox o where o.delivered_at is null and o.next_attempt_at <= ?
       and exists (select 1 from outbox_targets t where t.topic = o.topic and t.target = o.target) limit 1`,
    ).pluck();
  }

  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.#pollMs);
    this.#timer.unref();
  }

  /**
   * A delivery round that sees every commit made before the call; resolves when it has ended
   * (never rejects). A round already under way may have looked before that commit: then one more
   * runs after it, shared by every caller meanwhile.
   */
  flush(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (!this.#current) {
      this.#current = this.#round().finally(() => {
        this.#current = null;
      });
      return this.#current;
    }
    this.#queued ??= this.#current.then(() => {
      this.#queued = null;
      return this.flush();
    });
    return this.#queued;
  }

  /** Waits for `flush()` at most `ms`: how long a write's acknowledgement waits for its purges. */
  async flushWithin(ms: number): Promise<void> {
    const ac = new AbortController();
    await Promise.race([this.flush(), delay(ms, undefined, { signal: ac.signal }).catch(() => undefined)]);
    ac.abort();
  }

  /** Stops polling and waits for the round under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#queued;
    await this.#current;
  }

  async #round(): Promise<void> {
    try {
      for (;;) {
        if (this.#anyDue.get(new Date().toISOString()) === undefined) return;
        const messages = await this.#lane.write(() => claimDue(this.#db, new Date(), this.#batch), { quiet: true });
        const outcomes = await Promise.all(messages.map((message) => this.#deliver(message)));
        await this.#lane.write(
          () => {
            for (const [i, message] of messages.entries()) {
              const error = outcomes[i];
              if (error === null) markDelivered(this.#db, message.id, new Date());
              else markFailed(this.#db, message.id, error ?? 'not attempted');
            }
          },
          { quiet: true },
        );
        if (messages.length < this.#batch) return;
      }
    } catch (error) {
      // The database refused the bookkeeping (closing, disk full): the next round tries again.
      this.#log.error({ err: error }, 'outbox: a delivery round failed');
    }
  }

  /** null when delivered, else why not. */
  async #deliver(message: OutboxMessage): Promise<string | null> {
    const deliver = this.#deliverers[message.topic];
    if (!deliver) return `no deliverer for topic ${message.topic}`;
    try {
      await deliver(message.target, message.payload, AbortSignal.timeout(this.#timeoutMs));
      return null;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
      this.#log.warn({ outboxId: message.id, topic: message.topic, target: message.target, attempts: message.attempts, reason }, 'outbox: delivery failed; will retry');
      return reason;
    }
  }
}
