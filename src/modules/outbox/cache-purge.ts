import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { setOutboxTargets } from '../../db/outbox.js';
import type { WriteLane } from '../../db/write-lane.js';
import { OutboxWorker, type Deliver } from './worker.js';

/** The outbox topic whose messages purge surrogate keys from the caches in CACHE_PURGE_URLS. */
export const CACHE_PURGE = 'cache-purge';

const keysPayload = z.array(z.string().min(1));

/**
 * Purges surrogate keys from one cache: `PURGE` with the keys, space-separated, in `xkey-purge`,
 * which deploy/varnish/default.vcl hands to xkey. Any 2xx is success.
 */
export const purgeCacheKeys: Deliver = async (target, payload, signal) => {
  const keys = keysPayload.parse(payload);
  const response = await fetch(target, { method: 'PURGE', headers: { 'xkey-purge': keys.join(' ') }, signal });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${target} answered ${response.status} to PURGE`);
};

/** How long a write's acknowledgement waits for its purges (they are retried after that anyway). */
export const PURGE_WAIT_MS = 1000;

/**
 * Points the outbox's cache purges at `urls` (none: the triggers queue nothing) and, when there
 * are some, makes the worker that delivers them and has every write wait briefly for its purges.
 */
export function cachePurges(
  db: Conn,
  lane: WriteLane,
  urls: readonly string[],
  log: FastifyBaseLogger,
): OutboxWorker | null {
  setOutboxTargets(db, CACHE_PURGE, urls);
  if (urls.length === 0) return null;
  const worker = new OutboxWorker(db, lane, { [CACHE_PURGE]: purgeCacheKeys }, log);
  lane.afterCommit(() => worker.flushWithin(PURGE_WAIT_MS));
  return worker;
}
