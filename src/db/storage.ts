/**
 * Whether the database's disk has room. A full disk fails a write with SQLITE_FULL (SQLite's own
 * reading of ENOSPC from write(), or a database at its page limit) or, from Node's own file calls,
 * ENOSPC. Such a write changed nothing (its transaction rolled back) and may succeed later, so the
 * API answers 503 with Retry-After, and /health says `degraded` until a write succeeds again.
 */

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC']);

export function isStorageFull(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    FULL_CODES.has(error.code)
  );
}

/** Seconds a client is asked to wait before writing again on a full disk. */
export const STORAGE_RETRY_AFTER_S = 60;

export class StorageHealth {
  #full: { since: string; code: string } | null = null;

  /** Notes a failed write: the disk is full when it says so. */
  failed(error: unknown): void {
    if (isStorageFull(error) && this.#full === null) {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'SQLITE_FULL';
      this.#full = { since: new Date().toISOString(), code };
    }
  }

  /** A write was committed: there is room again. */
  written(): void {
    this.#full = null;
  }

  /** Why the storage is degraded, or null while writes succeed. */
  get degraded(): string | null {
    return (
      this.#full &&
      `the disk is full: writes fail with ${this.#full.code} since ${this.#full.since}; they succeed again once space is freed`
    );
  }
}
