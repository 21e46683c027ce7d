// The import worker: runs big imports on its own thread and its own connection to the database,
// so the server's event loop keeps answering while thousands of entries are read and written.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { openDatabase, type Conn } from '../../db/client.js';
import { IdempotencyKeyReused } from '../../db/idempotency.js';
import { DomainError } from '../../lib/domain-error.js';
import { extractDocument } from '../../lib/documents/extract.js';
import { parseDocument } from '../../lib/published-list/document.js';
import { yieldToEventLoop } from '../../lib/worker-thread.js';
import { runImport, type ImportJob } from './run-import.js';
import { runAppend, type AppendJob } from '../timeline/append-job.js';
import type { WorkerMessage, WorkerReply } from './off-thread.js';

yieldToEventLoop();

const connections = new Map<string, Conn>();
const encoder = new TextEncoder();

function connection(path: string): Conn {
  let db = connections.get(path);
  if (!db) connections.set(path, (db = openDatabase(path)));
  return db;
}

/** A short list read once at start, so the first real import does not pay for building the country and language indexes. */
const WARM_UP =
  'ICOR resolution:\n\nWarm-up\n\nSignatories (as of 1 January 2022):\n\n1. RM Rode Morgen (Red Dawn), Netherlands\n';

parentPort?.on('message', (message: WorkerMessage) => {
  if ('extract' in message) {
    // Reading a PDF awaits PDF.js's steps; an import sent meanwhile runs between them.
    void extractDocument(message.extract.document, message.extract.charset).then(
      (extracted) => answer({ id: message.id, ok: true, extracted }),
      (error: unknown) => answer({ id: message.id, ok: false, error: flatten(error) }),
    );
    return;
  }
  const write: { job: ImportJob; append?: never } | { job?: never; append: AppendJob } | null =
    'append' in message ? { append: message.append } : message.job === 'warm-up' ? null : { job: message.job };
  if (write === null) {
    parseDocument(WARM_UP);
    return;
  }
  try {
    const db = connection(message.databasePath);
    const { payload, ...response } = write.job ? runImport(db, write.job) : runAppend(db, write.append);
    // Encoded here and transferred (see WorkerReply): TextEncoder's buffer is the body's own, never a shared pool.
    const body = encoder.encode(payload);
    answer({ id: message.id, ok: true, response: { ...response, body } }, [body.buffer]);
  } catch (error) {
    answer({ id: message.id, ok: false, error: flatten(error) });
  }
});

type WithoutHeap<T> = T extends unknown ? Omit<T, 'heapBytes'> : never;

/**
 * Every reply says how big this thread's heap is then, as the system sees it (garbage included):
 * what the server's RSS holds for it (see HEAP_LIMIT).
 */
function answer(reply: WithoutHeap<WorkerReply>, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage({ ...reply, heapBytes: getHeapStatistics().total_heap_size } satisfies WorkerReply, transfer);
}

/** An error as postMessage can carry it: a refusal with its fields, a reused key, or a failure with its code. */
function flatten(error: unknown): Extract<WorkerReply, { ok: false }>['error'] {
  return error instanceof DomainError
    ? {
        type: 'domain',
        kind: error.kind,
        code: error.code,
        message: error.message,
        fields: error.fields,
        extra: error.extra,
      }
    : error instanceof IdempotencyKeyReused
      ? { type: 'reused', key: error.key }
      : { type: 'error', message: error instanceof Error ? error.message : String(error), code: errorCode(error) };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
