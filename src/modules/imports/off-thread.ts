import type { RecordedResponse, SentResponse } from '../../db/idempotency.js';
import { IdempotencyKeyReused } from '../../db/idempotency.js';
import { DomainError, type FieldFault, type RefusalKind, type DomainCode } from '../../lib/domain-error.js';
import type { ResourceLimits } from 'node:worker_threads';
import { HEAP_LIMIT, WorkerThread, YOUNG_GENERATION_MB, type Background } from '../../lib/worker-thread.js';
import type { Extracted, SourceDocument } from '../../lib/documents/types.js';
import type { ImportJob } from './run-import.js';
import type { AppendJob } from '../timeline/append-job.js';

type WorkerError =
  | {
      type: 'domain';
      kind: RefusalKind;
      code: DomainCode;
      message: string;
      fields: FieldFault[];
      extra: Record<string, unknown>;
    }
  | { type: 'reused'; key: string }
  | { type: 'error'; message: string; code?: string | undefined };

/** What the worker is sent: an import to run, a document to read (on the way to an import), or a long event to append. */
export type WorkerMessage = { id: number; databasePath: string } & (
  | { job: ImportJob | 'warm-up' }
  | { extract: { document: SourceDocument; charset: string | undefined } }
  | { append: AppendJob }
);

/**
 * What the worker answers: the recorded response, the text read out of a document, or the
 * error, flattened for postMessage. The response body arrives as UTF-8 bytes, encoded on the
 * worker and transferred, not copied: a 5,000-entry result is some 4 MB, and writing it to the
 * socket as a string would hold this thread for 50–150 ms encoding it. Each reply also says how
 * big the worker's heap is then (see HEAP_LIMIT).
 */
export type WorkerReply = (
  | { id: number; ok: true; response: Omit<RecordedResponse, 'payload'> & { replayed: boolean; body: Uint8Array } }
  | { id: number; ok: true; extracted: Extracted }
  | { id: number; ok: false; error: WorkerError }
) & { heapBytes: number };

type Answer = Exclude<WorkerReply, { ok: false }>;

/**
 * Documents longer than this (some 150 entries) are imported on the worker: inline they would
 * hold the event loop for more than a few tens of milliseconds. Shorter ones are quicker inline.
 */
export const OFF_THREAD_ABOVE = 16 * 1024;

/**
 * The import worker's V8 heap: the young generation of every long-job thread, and an old
 * generation of 1.5 GB, which holds the longest text the API takes (10 MiB, some 95,000 entries,
 * which needs more than 1 GB).
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: 1536 };

type Job =
  { job: ImportJob } | { extract: { document: SourceDocument; charset: string | undefined } } | { append: AppendJob };

/** The thread died past its heap limit: the job rolled back with it, and the next one starts a new thread. */
const isOutOfMemory = (error: unknown) =>
  error instanceof Error && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';

const jobTooLarge = () =>
  new DomainError(
    'too-large',
    'job-too-large',
    'The list needed more memory than the import worker may use: nothing was written. Send it in parts (several imports or events), or import it with the CLI.',
  );

/**
 * One import worker: it runs one import at a time on its own connection, on the shared
 * WorkerThread (started on first use, stopped after `idleMs` without a job, or at once when a job
 * left its heap over `heapLimit`). Small imports sent one after another (a script's) keep it
 * running, and warm.
 */
export class ImportWorker implements Background {
  readonly #databasePath: string;
  /** Jobs posted and not yet answered: when the thread dies, whether a job was alone on it. */
  #inFlight = 0;
  /** Jobs tried again after the thread died under them, one after another. */
  #retries: Promise<unknown> = Promise.resolve();
  readonly #thread: WorkerThread<WorkerMessage, WorkerReply>;

  constructor(
    databasePath: string,
    options: { idleMs?: number; heapLimit?: number; resourceLimits?: ResourceLimits } = {},
  ) {
    this.#databasePath = databasePath;
    this.#thread = new WorkerThread(import.meta.url, 'import-worker', {
      idleMs: options.idleMs ?? 2_000,
      heapLimit: options.heapLimit ?? HEAP_LIMIT,
      resourceLimits: options.resourceLimits ?? WORKER_LIMITS,
    });
  }

  /** Whether a worker thread is running now (for tests and metrics). */
  get running(): boolean {
    return this.#thread.running;
  }

  /** Threads alive, one being stopped included (for tests and metrics). */
  get threads(): number {
    return this.#thread.threads;
  }

  start(): void {
    this.#thread.start();
  }

  stop(): Promise<void> {
    return this.#thread.stop();
  }

  /** Starts the thread and lets it load everything an import needs, ahead of the first one. */
  warmUp(): void {
    this.#thread.send({ databasePath: this.#databasePath, job: 'warm-up' });
  }

  async #post(message: Job, retry = true): Promise<Answer> {
    this.#inFlight++;
    let reply: WorkerReply;
    try {
      reply = await this.#thread.post({ databasePath: this.#databasePath, ...message });
    } catch (error) {
      if (!isOutOfMemory(error)) throw error;
      // Every job on the thread died with it, rolled back, and which one needed the memory is not
      // known: each is tried once more, one at a time, on a new thread. The one that needs it
      // fails alone; one that only shared the thread (a dry run or a document read) goes through.
      if (this.#inFlight > 1 && retry) {
        const turn = this.#retries.then(() => this.#post(message, false));
        this.#retries = turn.catch(() => undefined);
        return await turn;
      }
      throw jobTooLarge();
    } finally {
      this.#inFlight--;
    }
    if (reply.ok) return reply;
    const { error } = reply;
    if (error.type === 'domain')
      throw new DomainError(error.kind, error.code, error.message, { fields: error.fields, extra: error.extra });
    if (error.type === 'reused') throw new IdempotencyKeyReused(error.key);
    // The code says what kind of failure it was (SQLITE_FULL: the disk is full, a 503).
    throw Object.assign(new Error(`the import worker failed: ${error.message}`), { code: error.code });
  }

  run(job: ImportJob): Promise<SentResponse> {
    return this.#respond({ job });
  }

  /** Appends a long event (timeline/append-job.ts) on the worker's connection. */
  append(job: AppendJob): Promise<SentResponse> {
    return this.#respond({ append: job });
  }

  async #respond(message: { job: ImportJob } | { append: AppendJob }): Promise<SentResponse> {
    const answer = await this.#post(message);
    if (!('response' in answer)) throw new Error('the import worker answered a write with no response');
    const { body, ...rest } = answer.response;
    return { ...rest, payload: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  }

  /** Reads a document into the published format's text on the worker (a PDF, a large page). */
  async extract(document: SourceDocument, charset: string | undefined): Promise<Extracted> {
    const answer = await this.#post({ extract: { document, charset } });
    if (!('extracted' in answer)) throw new Error('the import worker answered a document with no text');
    return answer.extracted;
  }
}
