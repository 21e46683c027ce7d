import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '../lib/canonical-json.js';
import { z } from 'zod';
import type { Conn } from '../db/client.js';
import type { WriteLane } from '../db/write-lane.js';
import {
  keyedWrite,
  type IdempotencyKeyReused,
  type IdempotencyScope,
  type RecordedResponse,
} from '../db/idempotency.js';
import { actorOf } from './auth.js';
import { HttpProblem } from './problem.js';

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

/** The idempotency record this request belongs to, when it sends an Idempotency-Key. */
export function idempotencyScope(request: FastifyRequest): IdempotencyScope | null {
  const header = request.headers['idempotency-key'];
  if (typeof header !== 'string') return null;
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`, 'utf8');
  // A document sent as bytes is hashed as its bytes (a 20 MB PDF is no JSON), with its media type
  // unless it is plain text, which hashes as it always did: the same bytes as another type are another request.
  if (Buffer.isBuffer(request.body))
    hash.update(request.mediaType === 'text/plain' ? '' : `${request.mediaType ?? ''}\n`, 'utf8').update(request.body);
  else
    hash.update(typeof request.body === 'string' ? request.body : (canonicalJson(request.body ?? null) ?? ''), 'utf8');
  return { apiKeyId: actorOf(request).keyId, key: header.replace(/^"(.*)"$/, '$1'), requestHash: hash.digest('hex') };
}

export function reusedKeyProblem(error: IdempotencyKeyReused) {
  return new HttpProblem(422, 'idempotency-key-reused', error.message, {
    errors: [{ in: 'header', field: 'idempotency-key', detail: 'was used for a different request' }],
  });
}

/** Sends a recorded response: the one just written, or the replay of an earlier one. */
export function sendRecorded(
  reply: FastifyReply,
  response: Omit<RecordedResponse, 'payload'> & { replayed: boolean; payload: string | Buffer },
) {
  if (response.replayed) reply.header('idempotent-replayed', 'true');
  return reply
    .code(response.status)
    .headers(response.headers)
    .type('application/json; charset=utf-8')
    .send(response.payload);
}

/**
 * Runs a write through the write lane, under the request's Idempotency-Key when it has one (IETF
 * httpapi idempotency-key draft; see keyedWrite). Writes are serialized by the lane, so a repeat
 * that arrives while the first is running waits for it and then replays it. Failed requests
 * record nothing: nothing was written, so a retry runs afresh. The response is sent only after
 * the commit.
 */
export async function idempotent<T>(
  lane: WriteLane,
  db: Conn,
  request: FastifyRequest,
  reply: FastifyReply,
  write: () => WriteResult<T>,
) {
  const scope = idempotencyScope(request);
  if (scope === null) {
    const result = await lane.write(write);
    return reply.code(result.status).headers(result.headers).send(result.body);
  }
  const response = await lane.write(() =>
    keyedWrite(db, scope, () => {
      const result = write();
      reply.code(result.status);
      // The route's own response schema serializes it, exactly as an unkeyed response would be.
      const serialized = reply.serialize(result.body);
      return {
        status: result.status,
        headers: result.headers,
        payload: typeof serialized === 'string' ? serialized : Buffer.from(new Uint8Array(serialized)).toString('utf8'),
      };
    }),
  );
  return sendRecorded(reply, response);
}
