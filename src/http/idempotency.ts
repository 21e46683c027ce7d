import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import canonicalize from 'canonicalize';
import { and, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { WriteLane } from '../db/write-lane.js';
import { idempotencyKeys } from '../db/schema.js';
import { actorOf } from './auth.js';
import { HttpProblem } from './problem.js';

/** Recorded responses are kept at least this long (then purged as new ones arrive). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^"?[\x21\x23-\x7e]{1,255}"?$/, 'must be 1-255 visible ASCII characters')
    .optional()
    .describe(
      'Makes the POST safe to retry: a repeat with the same key and body replays the first response (status and body) ' +
        'without writing again; the same key with a different request is 422. Kept at least 24 hours, per API key.',
    ),
});

export interface WriteResult<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

function requestHash(request: FastifyRequest): string {
  const body = typeof request.body === 'string' ? request.body : (canonicalize(request.body ?? null) ?? '');
  return createHash('sha256').update(`${request.method} ${request.url}\n${body}`, 'utf8').digest('hex');
}

/**
 * Runs a write through the write lane, under the request's Idempotency-Key when it has one (IETF
 * httpapi idempotency-key draft). The write and the record of its response commit in one
 * transaction (the write's own transaction nests as a savepoint), so a crash can never leave a
 * write without its record or the reverse. Writes are serialized by the lane, so a repeat that
 * arrives while the first is running waits for it and then replays it; it cannot observe it
 * half-done. Failed requests record nothing: nothing was written, so a retry runs afresh. The
 * response is sent only after the commit.
 */
export async function idempotent<T>(lane: WriteLane, db: Db, request: FastifyRequest, reply: FastifyReply, write: () => WriteResult<T>) {
  const header = request.headers['idempotency-key'];
  if (typeof header !== 'string') {
    const result = await lane.write(write);
    return reply.code(result.status).headers(result.headers).send(result.body);
  }
  const key = header.replace(/^"(.*)"$/, '$1');
  const apiKeyId = actorOf(request).keyId;
  const hash = requestHash(request);

  const outcome = await lane.write(() =>
    db.transaction(
    (tx) => {
      const now = Date.now();
      tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS).toISOString())).run();
      const earlier = tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key))).get();
      if (earlier) {
        if (earlier.requestHash !== hash) {
          throw new HttpProblem(
            422,
            'idempotency-key-reused',
            `The Idempotency-Key ${JSON.stringify(key)} was used for a different request (another path or body). Use a new key for a new request.`,
            { errors: [{ in: 'header', field: 'idempotency-key', detail: 'was used for a different request' }] },
          );
        }
        return { replayed: true, status: earlier.status, headers: earlier.headers, payload: earlier.body };
      }
      const result = write();
      reply.code(result.status);
      // The route's own response schema serializes it, exactly as an unkeyed response would be.
      const serialized = reply.serialize(result.body);
      const payload = typeof serialized === 'string' ? serialized : Buffer.from(new Uint8Array(serialized)).toString('utf8');
      tx.insert(idempotencyKeys)
        .values({ apiKeyId, key, requestHash: hash, status: result.status, headers: result.headers, body: payload, createdAt: new Date(now).toISOString() })
        .run();
      return { replayed: false, status: result.status, headers: result.headers, payload };
    },
    { behavior: 'immediate' },
    ),
  );
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(outcome.status).headers(outcome.headers).type('application/json; charset=utf-8').send(outcome.payload);
}
