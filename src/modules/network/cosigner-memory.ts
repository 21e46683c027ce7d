import { preparedOnce, type Conn } from '../../db/client.js';
import { WorkerThread } from '../../lib/worker-thread.js';
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

export type CosignerReply =
  { id: number; ok: true; lists: CosignerLists | 'refused' } | { id: number; ok: false; message: string };

const queries = preparedOnce(({ $client: client }) => ({
  // An upper bound of the spans the build reads, by one index probe: rowids only grow.
  spansEver: client.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM signature_spans').pluck(),
  lists: client.prepare<[], ListRow>(LISTS_SQL).raw(),
}));

export interface CosignerMemoryStats {
  /** Indexes read (kept or not), and reads refused for the bound. */
  builds: number;
  refusals: number;
  /** Cosigner reads answered from memory, and by SQL. */
  fromMemory: number;
  fromSql: number;
  /** The bytes of the index held (an estimate: its typed arrays exactly, its strings roughly). */
  bytes: number;
}

/**
 * The cosigner index (cosigner-index.ts) of the database state the reads' cache is keyed on
 * (`version`), at most one held: a new state drops it, and the first cosigner read at that state
 * (or the server's start, `warm`) starts the next build. A large database is read on a worker thread with a read-only connection
 * of its own, one build at a time; reads answer by SQL meanwhile, as they did before, rather than
 * wait. The worker's snapshot is taken after the version was read, so the index is kept only if
 * the version is still the same when it arrives: the server's own writes all move it. A small
 * database (or an in-memory one, which no other thread can open) is read here, at once.
 * `maxBytes` 0 turns it off.
 */
export class CosignerMemory {
  readonly #db: Conn;
  readonly #version: () => string;
  readonly #maxBytes: number;
  readonly #inlineUpTo: number;
  readonly #onError: (error: unknown) => void;
  readonly #thread = new WorkerThread<{ id: number; databasePath: string; maxBytes: number }, CosignerReply>(
    import.meta.url,
    'cosigner-worker',
    { idleMs: 10_000 },
  );
  #held: { version: string; index: CosignerIndex } | null = null;
  #build: Promise<void> | null = null;
  #refusedUntil = -Infinity;
  readonly stats: CosignerMemoryStats = { builds: 0, refusals: 0, fromMemory: 0, fromSql: 0, bytes: 0 };

  constructor(
    db: Conn,
    version: () => string,
    options: { maxBytes?: number | undefined; inlineUpTo?: number; onError?: (error: unknown) => void } = {},
  ) {
    this.#db = db;
    this.#version = version;
    this.#maxBytes = options.maxBytes ?? COSIGNER_MEMORY_BYTES;
    this.#inlineUpTo = options.inlineUpTo ?? INLINE_UP_TO;
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

  /** Resolves once the build under way, if any, has ended (for tests and measurements). */
  async settled(): Promise<void> {
    await this.#build;
  }

  async close(): Promise<void> {
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
    this.#build = this.#thread
      .post({ databasePath: client.name, maxBytes: this.#maxBytes })
      .then((reply) => {
        if (!reply.ok) throw new Error(`the cosigner index was not read: ${reply.message}`);
        this.#keep(version, reply.lists);
      })
      // SQL answers instead, and reports such errors (a missing file, a corrupt page) itself.
      .catch(this.#onError)
      .finally(() => (this.#build = null));
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
