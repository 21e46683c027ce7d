import type { Worker } from 'node:worker_threads';
import type { Db } from '../../db/client.js';
import { startWorker } from '../../lib/worker-thread.js';
import { verifyStatementTimeline, type StatementIntegrity } from '../timeline/verify.js';
import { verifyDatabase, type DatabaseIntegrity } from './verify.js';

export type VerifyJob = { kind: 'database' } | { kind: 'statement'; statementId: string };
type VerifyResult = { kind: 'database'; report: DatabaseIntegrity } | { kind: 'statement'; report: StatementIntegrity };
export type VerifyReply = { id: number; ok: true; result: VerifyResult } | { id: number; ok: false; message: string };

/**
 * Integrity checks off the event loop: on a worker thread with its own connection, started on
 * first use. A request that arrives while the same check runs shares it (its report's checkedAt
 * says when it ran), so a burst of requests costs one check, not a queue of them. An in-memory
 * database cannot be shared with another thread: its checks run inline.
 */
export class Verifier {
  readonly #db: Db;
  readonly #databasePath: string;
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (r: VerifyResult) => void; reject: (e: unknown) => void }>();
  readonly #running = new Map<string, Promise<VerifyResult>>();

  constructor(db: Db, databasePath: string) {
    this.#db = db;
    this.#databasePath = databasePath;
  }

  async database(): Promise<DatabaseIntegrity> {
    const result = await this.#check({ kind: 'database' });
    if (result.kind !== 'database') throw new Error('the verifier answered a different check');
    return result.report;
  }

  async statement(statementId: string): Promise<StatementIntegrity> {
    const result = await this.#check({ kind: 'statement', statementId });
    if (result.kind !== 'statement') throw new Error('the verifier answered a different check');
    return result.report;
  }

  #check(job: VerifyJob): Promise<VerifyResult> {
    if (this.#databasePath === ':memory:') {
      return Promise.resolve(job.kind === 'database' ? { kind: job.kind, report: verifyDatabase(this.#db) } : { kind: job.kind, report: verifyStatementTimeline(this.#db, job.statementId) });
    }
    const key = job.kind === 'database' ? 'database' : `statement:${job.statementId}`;
    const running = this.#running.get(key);
    if (running) return running;
    const worker = this.#start();
    const id = this.#next++;
    const result = new Promise<VerifyResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, databasePath: this.#databasePath, job });
    }).finally(() => this.#running.delete(key));
    this.#running.set(key, result);
    return result;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker(import.meta.url, 'verify-worker');
    worker.unref();
    worker.on('message', (reply: VerifyReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.ok) pending?.resolve(reply.result);
      else pending?.reject(new Error(`the integrity check failed: ${reply.message}`));
    });
    // A worker that dies fails the checks it held; the next check starts a new one.
    worker.on('error', (error) => this.#worker === worker && this.#fail(error));
    worker.on('exit', () => this.#worker === worker && this.#fail(new Error('the verification worker stopped')));
    this.#worker = worker;
    return worker;
  }

  #fail(error: unknown) {
    this.#worker = null;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }
}
