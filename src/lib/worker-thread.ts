import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';

/**
 * What runs beside the requests, with one lifecycle: the server starts each once it is ready and
 * stops each when it closes (src/plugins/workers.ts), after the requests in flight. The import
 * and integrity threads (WorkerThread below), the outbox's deliveries and the source watcher all
 * take it.
 */
export interface Background {
  start(): void;
  /** Resolves once the work under way has ended; nothing starts after. */
  stop(): Promise<void>;
}

/**
 * A worker thread running the module `name` that sits beside `callerUrl` (the caller's
 * import.meta.url). From src/ it is TypeScript: Node 20 does not pass `--import tsx` on to
 * workers, so the entry is loaded through tsx's API (tests and `npm run dev`); built, it is plain
 * JavaScript.
 */
function startWorker(callerUrl: string, name: string, resourceLimits: ResourceLimits = {}): Worker {
  const typescript = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}.${typescript ? 'ts' : 'js'}`, callerUrl);
  return typescript
    ? new Worker(
        `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(callerUrl)}))`,
        { eval: true, resourceLimits },
      )
    : new Worker(entry, { resourceLimits });
}

/**
 * A thread whose heap is over this after a job is stopped at once (see `heapLimit` below): an
 * idle thread never collects its garbage. A 5,000-entry import or a 20 MB PDF leaves the import
 * worker's heap at about 105 MB, checking a 100,000-signatory list the integrity worker's at
 * about 280 MB; between small jobs either stays near 55 MB.
 */
export const HEAP_LIMIT = 96 * 1024 * 1024;

/**
 * The young generation of a thread that runs long jobs. V8's default (sized from the machine's
 * memory) lets a job's short-lived objects fill tens of megabytes before a scavenge: with 8 MB,
 * events of 5,000 new organizations took the server's RSS to 300 MB instead of 400–430 MB, and
 * checking a 100,000-signatory list peaked at 414 MB instead of 511 MB, at the same speed.
 */
export const YOUNG_GENERATION_MB = 8;

/** A message as the caller writes it: the wrapper gives it its id (each member of a union its own). */
export type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * The one wrapper of a worker thread: started on first use, each message answered by the reply
 * with its id, every job still held failed when the thread dies (the next one starts afresh), and,
 * with `idleMs`, stopped once it has had no job for that long: an idle thread never collects its
 * garbage, and after a 5,000-entry dry run the import worker held some 110 MB until its next job.
 */
export class WorkerThread<
  Message extends { id: number },
  Reply extends { id: number; heapBytes?: number },
> implements Background {
  readonly #callerUrl: string;
  readonly #name: string;
  readonly #idleMs: number | null;
  readonly #heapLimit: number;
  readonly #resourceLimits: ResourceLimits;
  #worker: Worker | null = null;
  /** The thread being stopped, until it has exited: it holds its heap till then. */
  #stopping: Promise<void> | null = null;
  #alive = 0;
  /** Calls of `stop()` from outside (the server closing): a job waiting for a thread to exit then fails. */
  #stopCalls = 0;
  #idle: NodeJS.Timeout | null = null;
  #next = 1;
  /** Jobs sent and not answered, each with the thread it was sent to. */
  readonly #pending = new Map<
    number,
    { worker: Worker; resolve: (reply: Reply) => void; reject: (error: unknown) => void }
  >();

  /**
   * `resourceLimits`: the thread's V8 heap sizes (node:worker_threads).
   * `heapLimit`: a reply that says its thread's heap is above this many bytes (`heapBytes`) stops
   * the thread as soon as it has no other job, rather than after `idleMs`: a big job's garbage is
   * returned to the system at once, not held while the server goes on.
   */
  constructor(
    callerUrl: string,
    name: string,
    options: { idleMs?: number; heapLimit?: number; resourceLimits?: ResourceLimits } = {},
  ) {
    this.#callerUrl = callerUrl;
    this.#name = name;
    this.#idleMs = options.idleMs ?? null;
    this.#heapLimit = options.heapLimit ?? Number.POSITIVE_INFINITY;
    this.#resourceLimits = options.resourceLimits ?? {};
  }

  /** Whether the thread is running now (for tests and metrics). */
  get running(): boolean {
    return this.#worker !== null;
  }

  /** Threads alive, one being stopped included (for tests and metrics). */
  get threads(): number {
    return this.#alive;
  }

  /** Nothing to do ahead: the thread starts on its first job. */
  start(): void {}

  /** Sends a message that wants no answer (a warm-up), starting the thread; dropped if stopped first. */
  send(message: Unnumbered<Message>): void {
    void this.#ready().then((worker) => worker?.postMessage({ ...message, id: 0 }));
  }

  /** Sends a job; resolves with its reply, rejects if the thread dies first. */
  async post(message: Unnumbered<Message>, transfer: readonly Transferable[] = []): Promise<Reply> {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
    const worker = await this.#ready();
    if (!worker) throw new Error(`the ${this.#name} stopped`);
    const id = this.#next++;
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  stop(): Promise<void> {
    this.#stopCalls++;
    return this.#retire();
  }

  /** Stops the thread (after a big job, after a while idle, or for good): resolves once it has exited. */
  async #retire(): Promise<void> {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
    const worker = this.#worker;
    this.#worker = null;
    if (!worker) return this.#stopping ?? undefined;
    const exited = worker.terminate().then(() => undefined);
    this.#stopping = exited;
    await exited;
    if (this.#stopping === exited) this.#stopping = null;
  }

  /**
   * The running thread, or a new one once the one being stopped has exited, not beside it: a job
   * sent just after a big one (the next event of a list built in parts) would otherwise hold two
   * heaps. Null if the server stopped the worker meanwhile: nothing starts after `stop()`.
   */
  async #ready(): Promise<Worker | null> {
    const stopCalls = this.#stopCalls;
    while (!this.#worker && this.#stopping) await this.#stopping;
    return this.#stopCalls === stopCalls ? this.#thread() : null;
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker(this.#callerUrl, this.#name, this.#resourceLimits);
    this.#alive++;
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) {
        if ((reply.heapBytes ?? 0) > this.#heapLimit) void this.#retire();
        else this.#stopWhenIdle();
      }
      pending?.resolve(reply);
    });
    // A thread that dies takes its jobs with it (their transactions roll back): fail them, with
    // the error if there is one (running out of memory is retried), or because it was stopped.
    worker.on('error', (error) => this.#worker === worker && this.#fail(worker, error));
    worker.on('exit', () => {
      this.#alive--;
      this.#fail(worker, new Error(`the ${this.#name} stopped`));
    });
    this.#worker = worker;
    return worker;
  }

  #stopWhenIdle() {
    if (this.#idleMs === null) return;
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = setTimeout(() => void this.#retire(), this.#idleMs);
    this.#idle.unref();
  }

  #fail(worker: Worker, error: unknown) {
    if (this.#worker === worker) this.#worker = null;
    for (const [id, pending] of this.#pending) {
      if (pending.worker !== worker) continue;
      this.#pending.delete(id);
      pending.reject(error);
    }
  }
}

/**
 * Called on a worker thread: on Linux, nice values are per thread, so this one then yields to the
 * server's event loop whenever both want a core, and reads stay quick while a long job runs.
 * Elsewhere, or if refused, it runs at the process's priority.
 */
export function yieldToEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + 10));
  } catch {
    // Not Linux, or not allowed: no harm done.
  }
}
