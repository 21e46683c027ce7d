import Database from 'better-sqlite3';
import type { Conn } from '../../db/client.js';
import { IndexBuilder, LISTS_SQL, type CosignerIndex, type ListRow } from './cosigner-index.js';

/** The default bound: about four million spans. */
export const COSIGNER_MEMORY_BYTES = 64 * 1024 * 1024;
/** How long the build holds the event loop at a time, by default. */
const SLICE_MS = 8;
/** After a refusal the lists are not read again for this long: a database past the bound seldom shrinks. */
const REFUSED_FOR_MS = 5 * 60_000;

type Build = { version: string; builder: IndexBuilder };

export interface CosignerMemoryStats {
  /** Indexes completed, and builds refused for the bound. */
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
 * starts the next build. The build reads a read-only connection of its own, whose one open
 * statement is one snapshot: begun in the same tick as the version is read, and the server
 * commits within a tick, so it is the state named by that version. It runs in slices between
 * which the event loop serves others; reads meanwhile answer by SQL, as they did before, rather
 * than wait, and never start a second build. A small database is indexed in the first slice.
 * Off for an in-memory database (no other connection can open it) and for `maxBytes` 0.
 */
export class CosignerMemory {
  readonly #db: Conn;
  readonly #version: () => string;
  readonly #maxBytes: number;
  readonly #onError: (error: unknown) => void;
  readonly #sliceMs: number;
  #reader: Database.Database | null = null;
  #held: { version: string; index: CosignerIndex } | null = null;
  #build: Build | null = null;
  #refusedUntil = -Infinity;
  readonly stats: CosignerMemoryStats = { builds: 0, refusals: 0, fromMemory: 0, fromSql: 0, bytes: 0 };

  constructor(
    db: Conn,
    version: () => string,
    options: { maxBytes?: number | undefined; onError?: (error: unknown) => void; sliceMs?: number } = {},
  ) {
    this.#db = db;
    this.#version = version;
    this.#maxBytes = options.maxBytes ?? COSIGNER_MEMORY_BYTES;
    this.#onError = options.onError ?? (() => undefined);
    this.#sliceMs = options.sliceMs ?? SLICE_MS;
  }

  /** The index of the current state, or null (not built yet, building, refused, off): then SQL answers. */
  current(): CosignerIndex | null {
    const version = this.#version();
    if (this.#held?.version !== version) {
      this.#drop();
      if (this.#build?.version !== version) this.#start(version);
    }
    const index = this.#held?.version === version ? this.#held.index : null;
    if (index) this.stats.fromMemory++;
    else this.stats.fromSql++;
    return index;
  }

  close(): void {
    this.#abandon();
    this.#drop();
    this.#reader?.close();
    this.#reader = null;
  }

  #drop() {
    this.#held = null;
    this.stats.bytes = 0;
  }

  #abandon() {
    this.#build?.builder.abandon();
    this.#build = null;
  }

  #start(version: string) {
    this.#abandon(); // of a state already gone
    if (this.#maxBytes <= 0 || this.#db.$client.memory || performance.now() < this.#refusedUntil) return;
    try {
      this.#reader ??= new Database(this.#db.$client.name, { readonly: true, fileMustExist: true });
      const build = {
        version,
        builder: new IndexBuilder(this.#reader.prepare<[], ListRow>(LISTS_SQL), this.#maxBytes),
      };
      this.#build = build;
      this.#step(build);
    } catch (error) {
      this.#failed(error);
    }
  }

  #step(build: Build) {
    if (this.#build !== build) return; // abandoned meanwhile
    try {
      const step = build.builder.step(performance.now() + this.#sliceMs);
      if (step === 'more') {
        setImmediate(() => this.#step(build));
        return;
      }
      this.#build = null;
      if (step === 'refused') {
        this.stats.refusals++;
        this.#refusedUntil = performance.now() + REFUSED_FOR_MS;
      } else {
        this.stats.builds++;
        if (this.#version() === build.version) {
          this.#held = { version: build.version, index: step };
          this.stats.bytes = step.bytes;
        }
      }
    } catch (error) {
      this.#failed(error);
    }
  }

  /** A failed build (the file gone, a corrupt page) leaves the reads to SQL, which reports such errors itself. */
  #failed(error: unknown) {
    this.#abandon();
    this.#onError(error);
  }
}
