// The import worker: runs big imports on its own thread and its own connection to the database,
// so the server's event loop keeps answering while thousands of entries are read and written.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { openDatabase, type Conn } from '../../db/client.js';
import { IdempotencyKeyReused, type RecordedResponse } from '../../db/idempotency.js';
import { DomainError } from '../../lib/domain-error.js';
import { extractDocument } from '../../lib/documents/extract.js';
import { yieldToEventLoop } from '../../lib/worker-thread.js';
import type { parseDocument } from '../../lib/published-list/document.js';
import type { runImport } from './run-import.js';
import { runAppend } from '../timeline/append-job.js';
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
  if ('append' in message) {
    write(message, (db) => runAppend(db, message.append));
    return;
  }
  const { job } = message;
  // The importer (the published-list parser, its country and language indexes: some 45 MB) is
  // loaded by the first import or the warm-up, not by a thread that only writes long events.
  void importer().then(
    ({ runImport, parseDocument }) => {
      if (job === 'warm-up') parseDocument(WARM_UP);
      else write(message, (db) => runImport(db, job));
    },
    (error: unknown) => job !== 'warm-up' && answer({ id: message.id, ok: false, error: flatten(error) }),
  );
});

let loading: Promise<{ runImport: typeof runImport; parseDocument: typeof parseDocument }> | null = null;

function importer() {
  loading ??= Promise.all([import('./run-import.js'), import('../../lib/published-list/document.js')]).then(
    ([run, parse]) => ({ runImport: run.runImport, parseDocument: parse.parseDocument }),
  );
  return loading;
}

/** Runs one write on this thread's connection, in one synchronous turn, and answers with its response. */
function write(message: WorkerMessage, run: (db: Conn) => RecordedResponse & { replayed: boolean }): void {
  try {
    const db = connection(message.databasePath);
    const { payload, ...response } = run(db);
    // Encoded here and transferred (see WorkerReply): TextEncoder's buffer is the body's own, never a shared pool.
    const body = encoder.encode(payload);
    answer({ id: message.id, ok: true, response: { ...response, body } }, [body.buffer]);
  } catch (error) {
    answer({ id: message.id, ok: false, error: flatten(error) });
  }
}

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
