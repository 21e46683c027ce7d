// The integrity worker: checks the database, and reads bundles, on its own thread and connection.
// Both are long reads (checking everything took 27 s at 100,000 organizations, a bundle of a
// 100,000-signatory list 2.5 s), which on the server's thread would leave every other request
// waiting that long.
import { parentPort } from 'node:worker_threads';
import { openDatabase, type Db } from '../../db/client.js';
import { yieldToEventLoop } from '../../lib/worker-thread.js';
import { verifyStatementTimeline } from '../timeline/verify.js';
import { bundleContent } from './bundle.js';
import type { IntegrityJob, IntegrityReply, IntegrityResult } from './off-thread.js';
import { verifyDatabase } from './verify.js';

yieldToEventLoop();

const connections = new Map<string, Db>();
function connection(path: string): Db {
  let db = connections.get(path);
  if (!db) connections.set(path, (db = openDatabase(path)));
  return db;
}

const encoder = new TextEncoder();

function run(db: Db, job: IntegrityJob): IntegrityResult {
  if (job.kind === 'database') return { kind: job.kind, report: verifyDatabase(db) };
  if (job.kind === 'statement') return { kind: job.kind, report: verifyStatementTimeline(db, job.statementId) };
  // Serialized here, and the bytes transferred: a 100,000-entry bundle is some 33 MB of JSON.
  const content = bundleContent(db, job.statementId);
  return { kind: job.kind, claims: content.claims, body: encoder.encode(JSON.stringify(content)) };
}

parentPort?.on('message', ({ id, databasePath, job }: { id: number; databasePath: string; job: IntegrityJob }) => {
  let reply: IntegrityReply;
  try {
    const db = connection(databasePath);
    // One read transaction: the whole job sees one state of the database, whatever is written meanwhile.
    reply = { id, ok: true, result: db.$client.transaction(() => run(db, job))() };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply, reply.ok && reply.result.kind === 'bundle' ? [reply.result.body.buffer] : []);
});
