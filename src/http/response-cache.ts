import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { preparedOnce, totalChanges, type Conn } from '../db/client.js';
import { matchesIfNoneMatch } from './etag.js';

/**
 * Serialized responses of reads that cannot change for a given database state: their bytes and a
 * strong ETag (a hash of the bytes), kept in the ReadCache below. A hit is sent as it is: no
 * query, no serialization, no response validation.
 */

export interface CachedBody {
  body: Buffer;
  etag: string;
  contentType: string;
  /** Further headers that belong to the representation, e.g. `Link`. */
  headers: Record<string, string>;
}

/** Cache-Control for reads that can never change (pinned in transaction time). */
export const FOREVER = 'public, max-age=31536000, immutable';
/** Cache-Control for reads of the latest state: briefly, then revalidated with the ETag. */
export const BRIEFLY = 'public, max-age=5, must-revalidate';

/**
 * How a cacheable read may be kept: its Cache-Control, and its surrogate keys (the `xkey` header,
 * space-separated), by which a shared cache (deploy/varnish/default.vcl) purges it when a change
 * makes it stale. Which change purges which key: migration 0010's outbox triggers.
 */
export interface Caching {
  cacheControl: string;
  keys: readonly string[];
}

/** A read of the latest state, purged by `keys`. */
export const latest = (...keys: string[]): Caching => ({ cacheControl: BRIEFLY, keys });
/** A read that never changes; `{resource}:{id}:pinned` purges it only if the resource is deleted or revised. */
export const pinnedRead = (...keys: string[]): Caching => ({
  cacheControl: FOREVER,
  keys: keys.map((key) => `${key}:pinned`),
});
/** The latest read, or the pinned one when `pinned`. */
export const latestOrPinned = (pinned: boolean, ...keys: string[]): Caching =>
  pinned ? pinnedRead(...keys) : latest(...keys);

function cachingHeaders(reply: FastifyReply, caching: Caching) {
  reply.header('cache-control', caching.cacheControl);
  if (caching.keys.length > 0) reply.header('xkey', caching.keys.join(' '));
}

/** `etag` when the representation has a natural one (an event's hash); else a hash of the bytes. */
export function cachedBody(
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
  etag?: string,
): CachedBody {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    body: bytes,
    etag: etag ?? `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
    contentType,
    headers,
  };
}

/** A kind of value kept beside the responses (a list's size, a statement's check): typed, and evicted with them. */
export interface Memo<T> {
  /** The value kept under `key`, made by `make` when there is none. */
  (key: string, make: () => T): T;
  /** Drops what is kept under `key` (a check that failed is not kept). */
  forget(key: string): void;
}

/** What the one LRU holds: a response, or the place of a memo's value, which lives typed in the memo. */
type Entry = CachedBody | { size: number; drop: () => void };

/**
 * The server's one cache of reads, and the database state they are keyed on: responses (their
 * bytes and ETag) and memos of values that many responses share, in one LRU bounded by memory. A
 * read whose answer depends only on that state and the request is made once per state; a key
 * without the state (an event, which never changes) is kept until evicted.
 */
export class ReadCache {
  readonly #entries: LRUCache<string, Entry>;
  /** The state the cache last saw, and the keys it holds that begin with it (`{version}|…`). */
  #seen = '';
  #ofSeen = new Set<string>();
  readonly version: () => string;
  /** Look at other connections' commits now (after the import worker wrote). */
  readonly refresh: () => void;

  constructor(db: Conn, maxBytes = 48 * 1024 * 1024) {
    this.#entries = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      sizeCalculation: (entry) => ('body' in entry ? entry.body.length + 200 : entry.size),
      // Also called when a key is set again: a memo sets its value only after the LRU's.
      dispose: (entry, key) => {
        if (!('body' in entry)) entry.drop();
        this.#ofSeen.delete(key);
      },
    });
    const state = databaseVersion(db);
    this.version = () => {
      const version = state.version();
      if (version !== this.#seen) this.#leave(version);
      return version;
    };
    this.refresh = state.refresh;
  }

  /**
   * A key made at an older state can never be asked for again (states only move on): its
   * responses are dropped at once rather than held until evicted. After reading a 100,000-row
   * list page by page, that is up to the whole byte limit given back as soon as anything is written.
   */
  #leave(version: string) {
    const stale = this.#ofSeen;
    this.#seen = version;
    this.#ofSeen = new Set();
    for (const key of stale) this.#entries.delete(key);
  }

  #set(key: string, entry: CachedBody) {
    this.#entries.set(key, entry);
    if (key.startsWith(`${this.#seen}|`)) this.#ofSeen.add(key);
  }

  /** What the kept responses and memos weigh, as the byte limit counts them. */
  get heldBytes(): number {
    return this.#entries.calculatedSize;
  }

  /** The response kept for `key`, making it with `make` on a miss; `make` may decline (null). */
  response(key: string, make: () => CachedBody | null): CachedBody | null {
    const hit = this.#entries.get(key);
    if (hit && 'body' in hit) return hit;
    const made = make();
    if (made) this.#set(key, made);
    return made;
  }

  /** As `response`, for responses made asynchronously (a rendered template). */
  async responseAsync(key: string, make: () => Promise<CachedBody>): Promise<CachedBody> {
    const hit = this.#entries.get(key);
    if (hit && 'body' in hit) return hit;
    const made = await make();
    this.#set(key, made);
    return made;
  }

  /** Sends the JSON answer for this request at this database state, made by `make` on a miss. */
  json(
    request: FastifyRequest,
    reply: FastifyReply,
    caching: Caching,
    make: () => { body: unknown; headers?: Record<string, string> },
  ) {
    const entry = this.response(this.#jsonKey(request), () => {
      const made = make();
      return cachedBody(JSON.stringify(made.body), 'application/json; charset=utf-8', made.headers ?? {});
    });
    if (!entry) throw new Error('a JSON answer is always made whole');
    return sendCached(request, reply, entry, caching);
  }

  /** Whether the JSON answer for this request at this database state is kept: a read may skip its preparations. */
  holdsJson(request: FastifyRequest): boolean {
    const kept = this.#entries.peek(this.#jsonKey(request));
    return kept !== undefined && 'body' in kept;
  }

  #jsonKey(request: FastifyRequest): string {
    return `${this.version()}|json|${request.url}`;
  }

  /** Values of one kind, `size` bytes each as the LRU counts them, under keys prefixed with `name`. */
  memo<T>(name: string, size = 100): Memo<T> {
    const values = new Map<string, T>();
    const remember = (key: string, make: () => T): T => {
      const at = `${name}|${key}`;
      const kept = values.get(at);
      if (kept !== undefined && this.#entries.get(at)) return kept;
      const made = make();
      this.#entries.set(at, { size, drop: () => values.delete(at) });
      values.set(at, made);
      return made;
    };
    return Object.assign(remember, { forget: (key: string) => void this.#entries.delete(`${name}|${key}`) });
  }
}

/** Sends a cached response, or 304 when the client's copy is current. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, entry: CachedBody, caching: Caching) {
  reply.headers(entry.headers).header('etag', entry.etag);
  cachingHeaders(reply, caching);
  if (matchesIfNoneMatch(request, entry.etag)) return reply.code(304).send();
  return reply.type(entry.contentType).send(entry.body);
}

const dataVersion = preparedOnce(({ $client: client }) => client.prepare<[], number>('pragma data_version').pluck());

/** How long a check for other connections' commits holds: their writes show within it. */
export const OTHERS_CHECKED_EVERY_MS = 100;

/**
 * The state of the database as this connection sees it: changes by this connection
 * (`total_changes()`, which every write of the server, through any code path, moves) and commits
 * by other connections (`data_version`: the import worker, the CLI, another process). The first
 * is exact and nearly free; the second costs a shared-memory check, so it is read at most every
 * OTHERS_CHECKED_EVERY_MS, and at once after `refresh()` (the server calls it when its import
 * worker has written). A cache keyed on it never serves a list from before one of the server's
 * own writes, and another process's write within a tenth of a second.
 */
export function databaseVersion(db: Conn): { version: () => string; refresh: () => void } {
  const own = totalChanges(db);
  const others = dataVersion(db);
  let othersVersion = 0;
  let checkedAt = -Infinity;
  return {
    version: () => {
      const now = performance.now();
      if (now - checkedAt >= OTHERS_CHECKED_EVERY_MS) {
        othersVersion = others.get() ?? 0;
        checkedAt = now;
      }
      return `${own.get() ?? 0}.${othersVersion}`;
    },
    refresh: () => {
      checkedAt = -Infinity;
    },
  };
}

/** A response too long to hold: streamed as it is made, never cached here. */
export function sendStream(reply: FastifyReply, contentType: string, caching: Caching, stream: Readable) {
  cachingHeaders(reply, caching);
  return reply.type(contentType).send(stream);
}

/** The first of `offered` the request's Accept allows (the first one when it says nothing), or null (406). */
export function negotiate<const T extends string>(request: FastifyRequest, offered: readonly T[]): T | null {
  const chosen = request.accepts().type([...offered]);
  return offered.find((type) => type === chosen) ?? null;
}
