import { and, eq, lt } from 'drizzle-orm';
import { inTransaction, type Conn } from './client.js';
import { idempotencyKeys } from './schema.js';

/** Recorded responses are kept at least this long (then purged as new ones arrive). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Which idempotency record a write belongs to: the API key, its Idempotency-Key, and a hash of the request. */
export interface IdempotencyScope {
  apiKeyId: string;
  key: string;
  requestHash: string;
}

/** A response as it was (or will be) sent, kept for replay. */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  payload: string;
}

/** A recorded response as sent: the payload already bytes when it comes from a worker thread. */
export type SentResponse = Omit<RecordedResponse, 'payload'> & { replayed: boolean; payload: string | Buffer };

export class IdempotencyKeyReused extends Error {
  override name = 'IdempotencyKeyReused';
  readonly key: string;
  constructor(key: string) {
    super(
      `The Idempotency-Key ${JSON.stringify(key)} was used for a different request (another path or body). Use a new key for a new request.`,
    );
    this.key = key;
  }
}

/**
 * A write and the record of its response, in one transaction (the write lane's, or, on the import
 * worker, one of its own): a crash can never leave a write without its record or the reverse. A repeat
 * replays the record; a repeat with another request is refused. Call it inside the write lane
 * (or a worker holding the write lock), so a repeat never sees the first one half done.
 */
export function keyedWrite(
  db: Conn,
  scope: IdempotencyScope | null,
  write: () => RecordedResponse,
): RecordedResponse & { replayed: boolean } {
  if (scope === null) return { ...write(), replayed: false };
  return inTransaction(db, () => {
    const now = Date.now();
    db.delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS).toISOString()))
      .run();
    const earlier = replayOf(db, scope);
    if (earlier) return earlier;
    const response = write();
    db.insert(idempotencyKeys)
      .values({
        ...scope,
        status: response.status,
        headers: response.headers,
        body: response.payload,
        createdAt: new Date(now).toISOString(),
      })
      .run();
    return { ...response, replayed: false };
  });
}

/** The earlier response recorded under the scope's key, for replay; a repeat with another request is refused. */
function replayOf(
  db: Pick<Conn, 'select'>,
  scope: IdempotencyScope,
  since?: string,
): (RecordedResponse & { replayed: true }) | null {
  const earlier = db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, scope.apiKeyId), eq(idempotencyKeys.key, scope.key)))
    .get();
  if (!earlier || (since !== undefined && earlier.createdAt < since)) return null;
  if (earlier.requestHash !== scope.requestHash) throw new IdempotencyKeyReused(scope.key);
  return { replayed: true, status: earlier.status, headers: earlier.headers, payload: earlier.body };
}

/**
 * The response recorded for a repeat of this request, read before any costly work (reading a
 * 20 MB PDF again to replay its import); null when there is none, and keyedWrite decides.
 */
export function recordedReplay(
  db: Conn,
  scope: IdempotencyScope | null,
): (RecordedResponse & { replayed: true }) | null {
  return scope === null ? null : replayOf(db, scope, new Date(Date.now() - IDEMPOTENCY_TTL_MS).toISOString());
}
