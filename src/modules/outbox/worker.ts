import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { preparedOnce, type Conn } from '../../db/client.js';
import { claimDue, markDelivered, markFailed, type OutboxMessage } from '../../db/outbox.js';
import { performance } from 'node:perf_hooks';
import type { WriteLane } from '../../db/write-lane.js';
import type { Background } from '../../lib/worker-thread.js';

/**
 * Sends one message to its target; throws (or rejects) when it was not accepted. May resolve to
 * the receiver's HTTP status, and throw a DeliveryFailure to give one.
 */
export type Deliver = (
  target: string,
  payload: unknown,
  signal: AbortSignal,
  message: OutboxMessage,
) => Promise<number | void>;

/** A refused delivery with the receiver's HTTP status (null: no answer). */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** What became of one attempt, for a topic's own bookkeeping (the webhook delivery log). */
export interface Attempt {
  message: OutboxMessage;
  at: Date;
  durationMs: number;
  status: number | null;
  /** null when delivered, else why not. */
  error: string | null;
}

export interface OutboxWorkerOptions {
  /** How often to look for messages written by other connections (import worker, CLI) or due for a retry. */
  pollMs?: number;
  /** How long one delivery may take. */
  timeoutMs?: number;
  /** Messages taken per round trip to the database. */
  batch?: number;
  /** The clock (tests move it). */
  now?: () => Date;
  /** The wait before the next attempt, after `attempts` (default: src/db/outbox.ts retryDelayMs). */
  retryDelayMs?: (attempts: number) => number;
  /** Runs in the transaction that records a round's outcomes (after delivered/failed are marked). */
  recorded?: (attempts: Attempt[]) => void;
}

/** A read, so that polling an idle outbox costs no commit. */
const anyDue = preparedOnce(({ $client: client }) =>
  client
    .prepare<[string, string], number>(
      `select 1 from outbox o where o.delivered_at is null and o.next_attempt_at <= ?
       and o.topic in (select value from json_each(?))
       and exists (select 1 from outbox_targets t where t.topic = o.topic and t.target = o.target) limit 1`,
    )
    .pluck(),
);

/**
 * Delivers the outbox: takes due messages (counting the attempt first, so a crash mid-delivery
 * means a retry, never a loss), hands each to its topic's `Deliver`, and records the outcome.
 * Failed messages are retried with backoff (src/db/outbox.ts retryDelayMs, or the topic's own)
 * until they succeed (or the topic's `recorded` gives up on them).
 * Its own bookkeeping goes through the write lane like every write, marked quiet so that it does
 * not announce itself.
 */
export class OutboxWorker implements Background {
  readonly #db: Conn;
  readonly #lane: WriteLane;
  readonly #deliverers: Readonly<Record<string, Deliver>>;
  readonly #log: FastifyBaseLogger;
  readonly #timeoutMs: number;
  readonly #batch: number;
  readonly #pollMs: number;
  readonly #topics: string;
  readonly #now: () => Date;
  readonly #retryDelayMs: ((attempts: number) => number) | undefined;
  readonly #recorded: ((attempts: Attempt[]) => void) | undefined;
  #timer: NodeJS.Timeout | null = null;
  #current: Promise<void> | null = null;
  #queued: Promise<void> | null = null;
  #stopped = false;

  constructor(
    db: Conn,
    lane: WriteLane,
    deliverers: Readonly<Record<string, Deliver>>,
    log: FastifyBaseLogger,
    options: OutboxWorkerOptions = {},
  ) {
    this.#db = db;
    this.#lane = lane;
    this.#deliverers = deliverers;
    this.#log = log;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#batch = options.batch ?? 32;
    this.#pollMs = options.pollMs ?? 1000;
    this.#now = options.now ?? (() => new Date());
    this.#retryDelayMs = options.retryDelayMs;
    this.#recorded = options.recorded;
    // Each worker takes its own topics only: several may share the outbox.
    this.#topics = JSON.stringify(Object.keys(deliverers));
  }

  /** Polls from now on; messages left by a previous run (or written while the server was down) go out at once. */
  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.#pollMs);
    this.#timer.unref();
    void this.flush();
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
        if (anyDue(this.#db).get(this.#now().toISOString(), this.#topics) === undefined) return;
        const topics = Object.keys(this.#deliverers);
        const messages = await this.#lane.write(
          () => claimDue(this.#db, this.#now(), this.#batch, topics, this.#retryDelayMs),
          { quiet: true },
        );
        const outcomes = await Promise.all(messages.map((message) => this.#deliver(message)));
        await this.#lane.write(
          () => {
            for (const { message, error } of outcomes) {
              if (error === null) markDelivered(this.#db, message.id, this.#now());
              else markFailed(this.#db, message.id, error);
            }
            this.#recorded?.(outcomes);
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

  async #deliver(message: OutboxMessage): Promise<Attempt> {
    const at = this.#now();
    const started = performance.now();
    const attempt = (status: number | null, error: string | null): Attempt => ({
      message,
      at,
      durationMs: Math.round(performance.now() - started),
      status,
      error,
    });
    const deliver = this.#deliverers[message.topic];
    if (!deliver) return attempt(null, `no deliverer for topic ${message.topic}`);
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      return attempt((await deliver(message.target, message.payload, signal, message)) ?? null, null);
    } catch (error) {
      const reason = signal.aborted
        ? `timed out after ${this.#timeoutMs} ms`
        : error instanceof Error
          ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
          : String(error);
      this.#log.warn(
        { outboxId: message.id, topic: message.topic, target: message.target, attempts: message.attempts, reason },
        'outbox: delivery failed; will retry',
      );
      return attempt(error instanceof DeliveryFailure ? error.status : null, reason);
    }
  }
}
