// The verification worker: checks the database on its own thread and connection. Checking
// everything is a long read (27 s at 100,000 organizations), which on the server's thread would
// leave every other request waiting that long.
import { parentPort } from 'node:worker_threads';
import { openDatabase, type Db } from '../../db/client.js';
import { yieldToEventLoop } from '../../lib/worker-thread.js';
import { verifyStatementTimeline } from '../timeline/verify.js';
import type { VerifyJob, VerifyReply } from './off-thread.js';
import { verifyDatabase } from './verify.js';

yieldToEventLoop();

const connections = new Map<string, Db>();
function connection(path: string): Db {
  let db = connections.get(path);
  if (!db) connections.set(path, (db = openDatabase(path)));
  return db;
}

parentPort?.on('message', ({ id, databasePath, job }: { id: number; databasePath: string; job: VerifyJob }) => {
  let reply: VerifyReply;
  try {
    const db = connection(databasePath);
    // One read transaction: the whole check sees one state of the database, whatever is written meanwhile.
    const check = db.$client.transaction(() => (job.kind === 'database' ? { kind: job.kind, report: verifyDatabase(db) } : { kind: job.kind, report: verifyStatementTimeline(db, job.statementId) }));
    reply = { id, ok: true, result: check() };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
