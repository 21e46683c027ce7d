// The integrity worker: checks the database, and reads bundles, on its own thread and connection.
// Both are long reads (checking everything took 27 s at 100,000 organizations, a bundle of a
// 100,000-signatory list 2.5 s), which on the server's thread would leave every other request
// waiting that long.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { openDatabase, type Conn } from '../../db/client.js';
import { yieldToEventLoop } from '../../lib/worker-thread.js';
import { runIntegrityJob, type IntegrityJob } from './jobs.js';
import type { IntegrityOutcome, IntegrityReply } from './off-thread.js';

yieldToEventLoop();

const connections = new Map<string, Conn>();
function connection(path: string): Conn {
  let db = connections.get(path);
  if (!db) connections.set(path, (db = openDatabase(path)));
  return db;
}

parentPort?.on('message', ({ id, databasePath, job }: { id: number; databasePath: string; job: IntegrityJob }) => {
  let reply: IntegrityOutcome;
  try {
    const db = connection(databasePath);
    // One read transaction: the whole job sees one state of the database, whatever is written meanwhile.
    reply = { id, ok: true, result: db.$client.transaction(() => runIntegrityJob(db, job))() };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  // With the heap's size as the system sees it (garbage included): a big one stops the thread.
  parentPort?.postMessage(
    { ...reply, heapBytes: getHeapStatistics().total_heap_size } satisfies IntegrityReply,
    reply.ok && reply.result.kind === 'bundle' ? [reply.result.body.buffer] : [],
  );
});
