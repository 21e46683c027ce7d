import { Readable } from 'node:stream';
import { preparedOnce, type Conn } from '../../db/client.js';
import { HEAP_LIMIT, WorkerThread, YOUNG_GENERATION_MB, type Background } from '../../lib/worker-thread.js';
import type { StatementIntegrity } from '../timeline/verify.js';
import { bundleSignature } from './bundle.js';
import { runIntegrityJob, type IntegrityJob, type IntegrityResult } from './jobs.js';
import type { Keyring } from '../signing/key-history.js';
import type { DatabaseIntegrity } from './verify.js';

const sizes = preparedOnce(({ $client: client }) => ({
  database: client
    .prepare<[], number>(
      'SELECT (SELECT coalesce(max(rowid), 0) FROM signatory_event_items) + (SELECT coalesce(max(seq), 0) FROM organizations)',
    )
    .pluck(),
  statement: client
    .prepare<[string], number>('SELECT count(*) FROM signatory_event_items WHERE statement_id = ?')
    .pluck(),
}));

/** A job's result or its failure. */
export type IntegrityOutcome =
  { id: number; ok: true; result: IntegrityResult } | { id: number; ok: false; message: string };
/** The outcome, and how big the worker's heap is then (see HEAP_LIMIT). */
export type IntegrityReply = IntegrityOutcome & { heapBytes: number };

const SLICE = 1024 * 1024;
/** Jobs over this many records (items, organizations) go to the worker: some 250 µs each to verify. */
const INLINE_UP_TO = 200;

/**
 * Integrity checks and bundles off the event loop: on a worker thread with its own connection,
 * started on first use. A request that arrives while the same job runs shares it (a check's
 * report says in checkedAt when it ran), so a burst of requests costs one job, not a queue of
 * them. Small jobs run inline, and so does everything for an in-memory database, which cannot be
 * shared with another thread.
 */
export class IntegrityWorker implements Background {
  readonly #db: Conn;
  readonly #databasePath: string;
  readonly #thread: WorkerThread<{ id: number; databasePath: string; job: IntegrityJob }, IntegrityReply>;
  readonly #running = new Map<string, Promise<IntegrityResult>>();

  /**
   * The thread stops after a job that left its heap over `heapLimit`, or after `idleMs` without a
   * job. Its old generation keeps V8's default (sized from the machine's memory): a check grows
   * with the database.
   */
  constructor(db: Conn, databasePath: string, options: { idleMs?: number; heapLimit?: number } = {}) {
    this.#db = db;
    this.#databasePath = databasePath;
    this.#thread = new WorkerThread(import.meta.url, 'integrity-worker', {
      idleMs: options.idleMs ?? 2_000,
      heapLimit: options.heapLimit ?? HEAP_LIMIT,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  }

  /** Whether a worker thread is running now (for tests and metrics). */
  get running(): boolean {
    return this.#thread.running;
  }

  async database(): Promise<DatabaseIntegrity> {
    const result = await this.#run({ kind: 'database' });
    if (result.kind !== 'database') throw new Error('the integrity worker answered another job');
    return result.report;
  }

  /** One statement's check (a page keeps it per database state: pages/routes.ts). */
  async statement(statementId: string): Promise<StatementIntegrity> {
    const result = await this.#run({ kind: 'statement', statementId });
    if (result.kind !== 'statement') throw new Error('the integrity worker answered another job');
    return result.report;
  }

  /**
   * The bundle's JSON, signed with the keyring's key: the worker's bytes with the key history and checkpoint appended, as a
   * stream of 1 MiB slices (views, not copies). Joined into one buffer they were a copy of some
   * 33 MB for a 100,000-signatory list, which held this thread 225 ms; written as one chunk,
   * 80-100 ms.
   */
  async bundle(statementId: string, keyring: Keyring): Promise<Readable> {
    const result = await this.#run({ kind: 'bundle', statementId });
    if (result.kind !== 'bundle') throw new Error('the integrity worker answered another job');
    const signature = JSON.stringify(await bundleSignature(keyring, result.claims));
    const { body } = result;
    // The content is a JSON object: its closing brace gives way to one more member.
    const content = Buffer.from(body.buffer, body.byteOffset, body.byteLength - 1);
    const slices = Array.from({ length: Math.ceil(content.length / SLICE) }, (_, i) =>
      content.subarray(i * SLICE, (i + 1) * SLICE),
    );
    // The signature's members follow the content's: `{…content` + `,` + `"keys":…}`.
    return Readable.from([...slices, Buffer.from(`,${signature.slice(1)}`)], { objectMode: false });
  }

  /** Records a job would check, bounded from above by index probes (rowids only grow). */
  #size(job: IntegrityJob): number {
    const q = sizes(this.#db);
    return (job.kind === 'database' ? q.database.get() : q.statement.get(job.statementId)) ?? 0;
  }

  #run(job: IntegrityJob): Promise<IntegrityResult> {
    // Small jobs (the sample: some 60 records, a few milliseconds) are quicker here than a worker's round trip, or its start.
    if (this.#databasePath === ':memory:' || this.#size(job) <= INLINE_UP_TO)
      return Promise.resolve(runIntegrityJob(this.#db, job));
    const key = job.kind === 'database' ? job.kind : `${job.kind}:${job.statementId}`;
    const running = this.#running.get(key);
    if (running) return running;
    const result = this.#thread
      .post({ databasePath: this.#databasePath, job })
      .then((reply) => {
        if (!reply.ok) throw new Error(`the integrity worker failed: ${reply.message}`);
        return reply.result;
      })
      .finally(() => this.#running.delete(key));
    this.#running.set(key, result);
    return result;
  }

  start(): void {
    this.#thread.start();
  }

  stop(): Promise<void> {
    return this.#thread.stop();
  }
}
