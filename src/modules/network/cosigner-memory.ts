import { preparedOnce, type Conn } from '../../db/client.js';
import { WorkerThread, type Background } from '../../lib/worker-thread.js';
import {
  LISTS_SQL,
  memoryIndex,
  readLists,
  type CosignerIndex,
  type CosignerLists,
  type ListRow,
} from './cosigner-index.js';

/** The default bound: about four million spans. */
export const COSIGNER_MEMORY_BYTES = 64 * 1024 * 1024;
/** Up to this many spans ever recorded the index is read on this thread: some 10 ms, less than a worker's round trip. */
const INLINE_UP_TO = 20_000;
/** After a refusal the lists are not read again for this long: a database past the bound seldom shrinks. */
const REFUSED_FOR_MS = 5 * 60_000;
/**
 * A read for a subject on more current spans than this waits for the build under way rather than
 * answer by SQL: SQL's cost grows with the subject's lists (it reads each of them whole), and a
 * hub's SQL answer (2,000 lists, 20,000 cosigners: ~350 ms) costs as much as a build's remaining
 * second, while a subject on a few lists is answered by SQL in a millisecond or two.
 */
export const WAIT_FOR_BUILD_OVER_SPANS = 100;
/** The longest such a read waits: a build late on a busy machine leaves it to SQL after this. */
export const BUILD_WAIT_MS = 5000;

export type CosignerReply =
  { id: number; ok: true; lists: CosignerLists | 'refused' } | { id: number; ok: false; message: string };

const queries = preparedOnce(({ $client: client }) => ({
  // An upper bound of the spans the build reads, by one index probe: rowids only grow.
  spansEver: client.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM signature_spans').pluck(),
  lists: client.prepare<[], ListRow>(LISTS_SQL).raw(),
  // An organization's current spans, counted no further than `limit`, from the partial index of
  // current spans by organization: ~30 µs at a million spans, for a hub or anyone.
  spansOf: client
    .prepare<{ organizationId: string; limit: number }, number>(
      `SELECT count(*) FROM (SELECT 1 FROM signature_spans INDEXED BY signature_spans_organization_current_idx
        WHERE organization_id = :organizationId AND known_to IS NULL LIMIT :limit)`,
    )
    .pluck(),
}));

export interface CosignerMemoryStats {
  /** Indexes read (kept or not), and reads refused for the bound. */
  builds: number;
  refusals: number;
  /** Cosigner reads answered from memory, and by SQL. */
  fromMemory: number;
  fromSql: number;
  /** Reads that waited for the build under way (subjects on many lists), and those the wait left to SQL. */
  waits: number;
  waitsTimedOut: number;
  /** The bytes of the index held (an estimate: its typed arrays exactly, its strings roughly). */
  bytes: number;
}

/** How a build is run: by default on the worker thread (cosigner-worker.ts); a test may hold one. */
export type CosignerBuild = (job: { databasePath: string; maxBytes: number }) => Promise<CosignerReply>;

/**
 * The cosigner index (cosigner-index.ts) of the database state the reads' cache is keyed on
 * (`version`), at most one held: a new state drops it, and the first cosigner read at that state
 * (or the server's start, `warm`) starts the next build. A large database is read on a worker
 * thread with a read-only connection of its own, one build at a time; reads answer by SQL
 * meanwhile rather than wait, except a subject on many lists (`awaitFor`), which waits a while for
 * a build of the current state. The worker's snapshot is taken after the version was read, so the
 * index is kept only if the version is still the same when it arrives: the server's own writes
 * all move it. A small database (or an in-memory one, which no other thread can open) is read
 * here, at once. `maxBytes` 0 turns it off.
 */
export class CosignerMemory implements Background {
  readonly #db: Conn;
  readonly #version: () => string;
  readonly #maxBytes: number;
  readonly #inlineUpTo: number;
  readonly #waitMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #thread = new WorkerThread<{ id: number; databasePath: string; maxBytes: number }, CosignerReply>(
    import.meta.url,
    'cosigner-worker',
    { idleMs: 10_000 },
  );
  readonly #runBuild: CosignerBuild;
  #held: { version: string; index: CosignerIndex } | null = null;
  #build: { version: string; done: Promise<void> } | null = null;
  #refusedUntil = -Infinity;
  readonly stats: CosignerMemoryStats = {
    builds: 0,
    refusals: 0,
    fromMemory: 0,
    fromSql: 0,
    waits: 0,
    waitsTimedOut: 0,
    bytes: 0,
  };

  constructor(
    db: Conn,
    version: () => string,
    options: {
      maxBytes?: number | undefined;
      inlineUpTo?: number;
      /** The longest a subject on many lists waits for a build (BUILD_WAIT_MS). */
      waitMs?: number;
      build?: CosignerBuild;
      onError?: (error: unknown) => void;
    } = {},
  ) {
    this.#db = db;
    this.#version = version;
    this.#maxBytes = options.maxBytes ?? COSIGNER_MEMORY_BYTES;
    this.#inlineUpTo = options.inlineUpTo ?? INLINE_UP_TO;
    this.#waitMs = options.waitMs ?? BUILD_WAIT_MS;
    this.#runBuild = options.build ?? ((job) => this.#thread.post(job));
    this.#onError = options.onError ?? (() => undefined);
  }

  /** The index of the current state, or null (not read yet, being read, refused, off): then SQL answers. */
  current(): CosignerIndex | null {
    const index = this.#ensure();
    if (index) this.stats.fromMemory++;
    else this.stats.fromSql++;
    return index;
  }

  /** Starts reading the index of the current state, unless it is held or being read: the server calls it once listening. */
  warm(): void {
    this.#ensure();
  }

  /**
   * Before a read of `organizationId`'s cosigners as known now: when the index of the current
   * state is being read and the subject is on more than WAIT_FOR_BUILD_OVER_SPANS current spans,
   * resolves once the build has ended, or after `waitMs` (SQL answers then); else at once.
   */
  async awaitFor(organizationId: string): Promise<void> {
    const build = this.#build;
    if (!build || build.version !== this.#version()) return;
    const limit = WAIT_FOR_BUILD_OVER_SPANS + 1;
    if ((queries(this.#db).spansOf.get({ organizationId, limit }) ?? 0) < limit) return;
    this.stats.waits++;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.#waitMs)));
    if ((await Promise.race([build.done, late])) === 'late') this.stats.waitsTimedOut++;
    clearTimeout(timer);
  }

  /** Resolves once the build under way, if any, has ended (for tests and measurements). */
  async settled(): Promise<void> {
    await this.#build?.done;
  }

  /** Nothing to do ahead: the first build starts with `warm` or the first read. */
  start(): void {}

  async stop(): Promise<void> {
    this.#held = null;
    await this.#thread.stop();
  }

  /** The index of the current state if held; else drops the one held and starts a build, unless one runs. */
  #ensure(): CosignerIndex | null {
    const version = this.#version();
    if (this.#held?.version !== version) {
      this.#held = null;
      this.stats.bytes = 0;
      if (!this.#build) this.#start(version);
    }
    return this.#held?.version === version ? this.#held.index : null;
  }

  #start(version: string) {
    if (this.#maxBytes <= 0 || performance.now() < this.#refusedUntil) return;
    const q = queries(this.#db);
    const client = this.#db.$client;
    try {
      if (client.memory || (q.spansEver.get() ?? 0) <= this.#inlineUpTo) {
        this.#keep(version, readLists(q.lists.iterate(), this.#maxBytes));
        return;
      }
    } catch (error) {
      this.#onError(error);
      return;
    }
    const done = this.#runBuild({ databasePath: client.name, maxBytes: this.#maxBytes })
      .then((reply) => {
        if (!reply.ok) throw new Error(`the cosigner index was not read: ${reply.message}`);
        this.#keep(version, reply.lists);
      })
      // SQL answers instead, and reports such errors (a missing file, a corrupt page) itself.
      .catch(this.#onError)
      .finally(() => (this.#build = null));
    this.#build = { version, done };
  }

  #keep(version: string, lists: CosignerLists | 'refused') {
    if (lists === 'refused') {
      this.stats.refusals++;
      this.#refusedUntil = performance.now() + REFUSED_FOR_MS;
      return;
    }
    this.stats.builds++;
    if (this.#version() !== version) return; // read for a state already gone
    this.#held = { version, index: memoryIndex(lists) };
    this.stats.bytes = lists.bytes;
  }
}
