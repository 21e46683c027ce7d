import type { Worker } from 'node:worker_threads';
import type { RecordedResponse } from '../../db/idempotency.js';
import { IdempotencyKeyReused } from '../../db/idempotency.js';
import { DomainError, type FieldFault, type RefusalKind, type DomainCode } from '../../lib/domain-error.js';
import { startWorker } from '../../lib/worker-thread.js';
import type { Extracted, SourceDocument } from '../../lib/documents/types.js';
import type { ImportJob } from './run-import.js';

/** A recorded response as sent: the payload already bytes when it comes from the worker. */
export type SentResponse = Omit<RecordedResponse, 'payload'> & { replayed: boolean; payload: string | Buffer };

type WorkerError =
  | { type: 'domain'; kind: RefusalKind; code: DomainCode; message: string; fields: FieldFault[]; extra: Record<string, unknown> }
  | { type: 'reused'; key: string }
  | { type: 'error'; message: string; code?: string | undefined };

/** What the worker is sent: an import to run, or a document to read (on the way to an import). */
export type WorkerMessage = { id: number; databasePath: string } & ({ job: ImportJob | 'warm-up' } | { extract: { document: SourceDocument; charset: string | undefined } });

/**
 * What the worker answers: the recorded response, the text read out of a document, or the
 * error, flattened for postMessage. The response body arrives as UTF-8 bytes, encoded on the
 * worker and transferred, not copied: a 5,000-entry result is some 4 MB, and writing it to the
 * socket as a string would hold this thread for 50–150 ms encoding it.
 */
export type WorkerReply =
  | { id: number; ok: true; response: Omit<RecordedResponse, 'payload'> & { replayed: boolean; body: Uint8Array } }
  | { id: number; ok: true; extracted: Extracted }
  | { id: number; ok: false; error: WorkerError };

type Answer = Exclude<WorkerReply, { ok: false }>;

/**
 * Documents longer than this (some 150 entries) are imported on the worker: inline they would
 * hold the event loop for more than a few tens of milliseconds. Shorter ones are quicker inline.
 */
export const OFF_THREAD_ABOVE = 16 * 1024;

/**
 * One import worker: it runs one import at a time on its own connection. Started on first use
 * and stopped once it has had no job for `idleMs`: an idle worker never collects its garbage, and
 * after a 5,000-entry dry run it held some 110 MB of the server's RSS until the next import.
 * Imports sent one after another (a script's) keep it running, and warm.
 */
export class ImportWorker {
  readonly #databasePath: string;
  readonly #idleMs: number;
  #worker: Worker | null = null;
  #idle: NodeJS.Timeout | null = null;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (answer: Answer) => void; reject: (e: unknown) => void }>();

  constructor(databasePath: string, options: { idleMs?: number } = {}) {
    this.#databasePath = databasePath;
    this.#idleMs = options.idleMs ?? 2_000;
  }

  /** Whether a worker thread is running now (for tests and metrics). */
  get running(): boolean {
    return this.#worker !== null;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker(import.meta.url, 'import-worker');
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.#stopWhenIdle();
      if (!pending) return;
      if (reply.ok) pending.resolve(reply);
      else if (reply.error.type === 'domain') pending.reject(new DomainError(reply.error.kind, reply.error.code, reply.error.message, { fields: reply.error.fields, extra: reply.error.extra }));
      else if (reply.error.type === 'reused') pending.reject(new IdempotencyKeyReused(reply.error.key));
      // The code says what kind of failure it was (SQLITE_FULL: the disk is full, a 503).
      else pending.reject(Object.assign(new Error(`the import worker failed: ${reply.error.message}`), { code: reply.error.code }));
    });
    // A worker that dies takes its imports with it (their transactions roll back): fail them, start afresh next time.
    // (Unless it was stopped on purpose, when it is no longer this.#worker.)
    worker.on('error', (error) => this.#worker === worker && this.#fail(error));
    worker.on('exit', () => this.#worker === worker && this.#fail(new Error('the import worker stopped')));
    this.#worker = worker;
    return worker;
  }

  #fail(error: unknown) {
    this.#worker = null;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  /** Starts the worker and lets it load everything an import needs, ahead of the first one. */
  warmUp(): void {
    this.#start().postMessage({ id: 0, databasePath: this.#databasePath, job: 'warm-up' } satisfies WorkerMessage);
  }

  #stopWhenIdle() {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = setTimeout(() => void this.close(), this.#idleMs);
    this.#idle.unref();
  }

  #post(message: { job: ImportJob } | { extract: { document: SourceDocument; charset: string | undefined } }): Promise<Answer> {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, databasePath: this.#databasePath, ...message } satisfies WorkerMessage);
    });
  }

  async run(job: ImportJob): Promise<SentResponse> {
    const answer = await this.#post({ job });
    if (!('response' in answer)) throw new Error('the import worker answered an import with no response');
    const { body, ...rest } = answer.response;
    return { ...rest, payload: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  }

  /** Reads a document into the published format's text on the worker (a PDF, a large page). */
  async extract(document: SourceDocument, charset: string | undefined): Promise<Extracted> {
    const answer = await this.#post({ extract: { document, charset } });
    if (!('extracted' in answer)) throw new Error('the import worker answered a document with no text');
    return answer.extracted;
  }

  async close(): Promise<void> {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }
}
