import { totalChanges, type Conn } from './client.js';
import { StorageHealth } from './storage.js';

/**
 * Every write of the server goes through one lane, for two reasons.
 *
 * Group commit: at synchronous=FULL each COMMIT waits for the disk, and that wait, not the work,
 * bounds writes per second. Writes that arrive together run in one transaction, each in its own
 * savepoint (a refused write rolls back alone), and are acknowledged together after the one
 * COMMIT: nothing is acknowledged before it is durable.
 *
 * Exclusive jobs: an import running on a worker thread holds the database's write lock on its
 * own connection. Writes queued meanwhile wait here, without blocking the event loop (waiting
 * for the lock inside better-sqlite3 would).
 */

/** How long a write waits for others to share its commit. */
const GATHER_MS = 1;

interface InlineJob {
  kind: 'inline';
  /** Runs the write; returns how to acknowledge it once committed. */
  attempt: () => () => void;
  reject: (error: unknown) => void;
  /** Not announced after its commit (the outbox worker's own bookkeeping). */
  quiet: boolean;
}
interface ExclusiveJob {
  kind: 'exclusive';
  /** Runs the job to its end, settling its promise. */
  run: () => Promise<void>;
}
type Job = InlineJob | ExclusiveJob;

export class WriteLane {
  readonly #db: Conn;
  readonly #maxBatch: number;
  readonly #queue: Job[] = [];
  #draining = false;
  /** Committed transactions, for tests and metrics. */
  commits = 0;
  /** Whether writes fail for a full disk: every commit and failure of this lane says. */
  readonly storage: StorageHealth;
  /** See afterCommit. */
  readonly #listeners: (() => Promise<void> | void)[] = [];

  constructor(db: Conn, maxBatch = 64, storage = new StorageHealth()) {
    this.#db = db;
    this.#maxBatch = maxBatch;
    this.storage = storage;
  }

  /**
   * Calls `listener` after each commit (and each exclusive job) that holds a write not marked
   * quiet. A listener that returns a promise holds the writes' acknowledgement until it settles:
   * cache purges do, so that a client that reads after its write was acknowledged does not meet a
   * stale cache. One that returns nothing (webhooks) only starts its work.
   */
  afterCommit(listener: () => Promise<void> | void): void {
    this.#listeners.push(listener);
  }

  /** Runs the listeners; resolves when those that wait have settled, or null when none waits. */
  #announce(): Promise<unknown> | null {
    const waits = this.#listeners.map((listener) => listener()).filter((result) => result instanceof Promise);
    return waits.length ? Promise.allSettled(waits) : null;
  }

  /** Runs `fn` (synchronous, like every better-sqlite3 transaction) and resolves once it is committed. */
  write<T>(fn: () => T, options: { quiet?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        kind: 'inline',
        attempt: () => {
          const value = fn();
          return () => resolve(value);
        },
        reject,
        quiet: options.quiet ?? false,
      });
      this.#schedule();
    });
  }

  /** Runs `fn` with no other write of this lane started until it settles. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        kind: 'exclusive',
        run: () =>
          fn().then(
            (value) => {
              this.storage.written();
              // Not awaited: the announcement writes through this lane, which waits for this job.
              const announced = this.#announce();
              if (announced) void announced.finally(() => resolve(value));
              else resolve(value);
            },
            (error: unknown) => {
              this.storage.failed(error);
              reject(error);
            },
          ),
      });
      this.#schedule();
    });
  }

  /** Resolves when everything queued so far has settled. */
  async idle(): Promise<void> {
    await this.write(() => undefined);
  }

  #schedule() {
    if (this.#draining) return;
    this.#draining = true;
    // Wait a moment for the writes that are arriving together (their requests are still being
    // read and checked) so that they share one commit: a write waits at most GATHER_MS, where
    // a commit at synchronous=FULL costs about as much.
    setTimeout(() => void this.#drain(), GATHER_MS);
  }

  /** Rows changed on this connection so far (SQLite's total_changes()). */
  #totalChanges(): number {
    return totalChanges(this.#db).get() ?? 0;
  }

  async #drain() {
    try {
      while (this.#queue.length > 0) {
        const head = this.#queue[0];
        if (head?.kind === 'exclusive') {
          this.#queue.shift();
          await head.run();
          continue;
        }
        const batch: InlineJob[] = [];
        while (batch.length < this.#maxBatch && this.#queue[0]?.kind === 'inline') {
          const job = this.#queue.shift();
          if (job?.kind === 'inline') batch.push(job);
        }
        this.#commit(batch);
        // Let responses go out and new requests come in before the next batch.
        await new Promise((resolve) => setTimeout(resolve, this.#queue.length < this.#maxBatch ? GATHER_MS : 0));
      }
    } finally {
      this.#draining = false;
      if (this.#queue.length > 0) this.#schedule();
    }
  }

  #commit(batch: InlineJob[]) {
    const client = this.#db.$client;
    const acknowledgements: (() => void)[] = [];
    const changesBefore = this.#totalChanges();
    try {
      client
        .transaction(() => {
          for (const job of batch) {
            try {
              // Nested: a savepoint, so a refused write leaves the others in the batch intact.
              acknowledgements.push(client.transaction(job.attempt)());
            } catch (error) {
              this.storage.failed(error);
              // Some errors (SQLITE_FULL in a statement without a journal of its own) roll back the
              // whole transaction: the writes before this one are gone, and the next would run
              // outside it, committed on their own while reported failed. Fail the batch instead.
              if (!client.inTransaction) throw error;
              acknowledgements.push(() => job.reject(error));
            }
          }
        })
        .immediate();
    } catch (error) {
      // The COMMIT itself failed (disk full, I/O error), or the transaction was rolled back:
      // nothing in the batch is durable.
      this.storage.failed(error);
      for (const job of batch) job.reject(error);
      return;
    }
    this.commits++;
    // A commit that wrote rows proves there is room again; one whose writes all failed does not.
    if (this.#totalChanges() > changesBefore) this.storage.written();
    const announced = batch.some((job) => !job.quiet) ? this.#announce() : null;
    if (announced) void announced.finally(() => acknowledgements.forEach((acknowledge) => acknowledge()));
    else for (const acknowledge of acknowledgements) acknowledge();
  }
}
