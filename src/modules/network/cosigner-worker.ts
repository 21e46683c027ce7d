// The cosigner index's builder, on its own thread and read-only connection: reading a million
// spans takes about a second, which on the server's thread, even in slices, went at the pace of
// the requests it yielded to (one slice per turn of the event loop: five seconds under load).
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { yieldToEventLoop } from '../../lib/worker-thread.js';
import { buffersOf, LISTS_SQL, readLists, type ListRow } from './cosigner-index.js';
import type { CosignerReply } from './cosigner-memory.js';

yieldToEventLoop();

const connections = new Map<string, Database.Database>();
function connection(path: string): Database.Database {
  let db = connections.get(path);
  if (!db) connections.set(path, (db = new Database(path, { readonly: true, fileMustExist: true })));
  return db;
}

parentPort?.on('message', ({ id, databasePath, maxBytes }: { id: number; databasePath: string; maxBytes: number }) => {
  let reply: CosignerReply;
  try {
    const rows = connection(databasePath).prepare<[], ListRow>(LISTS_SQL).raw().iterate();
    reply = { id, ok: true, lists: readLists(rows, maxBytes) };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply, reply.ok && reply.lists !== 'refused' ? buffersOf(reply.lists) : []);
});
