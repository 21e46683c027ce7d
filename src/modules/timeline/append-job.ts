import { z } from 'zod';
import type { Conn } from '../../db/client.js';
import { keyedWrite, type IdempotencyScope, type RecordedResponse, type SentResponse } from '../../db/idempotency.js';
import { appendEvent } from './append.js';
import { recordedEvent, type EventInput } from './schemas.js';

/**
 * Events with more items than this are written on the import worker (imports/off-thread.ts),
 * as long imports are: an item that creates an organization costs some 0.3 ms, so an event of
 * 5,000 would hold the event loop for seconds. Smaller ones are quicker inline.
 */
export const OFF_THREAD_ITEMS = 100;

/** One append as the route would run it, for another thread: the event and who records it. */
export interface AppendJob {
  statementId: string;
  input: EventInput;
  actor: string;
  documentText: string | undefined;
  scope: IdempotencyScope | null;
}

/** Where long events are written: the import worker, in the write lane's exclusive turn. */
export type AppendOffThread = (job: AppendJob) => Promise<SentResponse>;

/**
 * Appends, and records the response under the request's Idempotency-Key, in one transaction:
 * the 201 the route would send, serialized as its response schema serializes it.
 */
export function runAppend(db: Conn, job: AppendJob): RecordedResponse & { replayed: boolean } {
  return keyedWrite(db, job.scope, () => {
    const event = appendEvent(db, job.statementId, job.input, job.actor, { documentText: job.documentText });
    return {
      status: 201,
      headers: { location: `/v1/statements/${event.statementId}/events/${event.seq}` },
      payload: JSON.stringify(z.encode(recordedEvent, event)),
    };
  });
}
