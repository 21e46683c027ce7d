/**
 * The hand-written write peer: bare Fastify (logger off) and better-sqlite3 on a copy of the
 * database the server appends to, opened as the server opens it (WAL, synchronous=FULL, foreign
 * keys, temp_store=MEMORY) and with the project's own log_hashes function registered (from
 * dist/: the log's triggers call it, and a connection without it cannot insert a record). It
 * writes the rows write-rows.ts lists, one transaction per request, and no group commit: each
 * acknowledged append has waited for its own fsync.
 *
 * POST /v1/statements/:id/events  the appends' body (asOf, add of new or existing organizations, source)
 * POST /peer/import               {title, asOf, source, entries}: a new statement and one event of
 *                                 every entry, each matched by its abbreviation-name key or created
 * GET  /v1/statements/:id/integrity  {valid, length}: the chain recomputed from the rows
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { registerLogFunctions } from '#dist/db/client.js';
import {
  abbreviationNameKey,
  checkChain,
  insertStatement,
  prepareWrites,
  writeEvent,
  type Addition,
  type NewOrganization,
} from './write-rows.js';

const { PEER_PORT, PEER_DB } = process.env;
if (!PEER_PORT || !PEER_DB) throw new Error('PEER_PORT and PEER_DB are required');

const db = new Database(PEER_DB, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('temp_store = MEMORY');
registerLogFunctions(db);
const w = prepareWrites(db);
const ACTOR = 'admin';

// Fastify's default body limit is 1 MB, the server's too; an import of 5,000 entries is larger.
const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
app.get('/ready', async () => ({ ok: true }));

app.post<{ Params: { id: string }; Body: { asOf: string; add: Addition[]; source: string } }>(
  '/v1/statements/:id/events',
  async (request, reply) => {
    const { asOf, add, source } = request.body;
    const event = db.transaction(() => writeEvent(w, request.params.id, { asOf, add, source }, ACTOR)).immediate();
    return reply.code(201).header('location', `/v1/statements/${event.statementId}/events/${event.seq}`).send(event);
  },
);

app.post<{
  Body: { title: string; asOf: string; source: string; entries: (NewOrganization & { printedNumber: number })[] };
}>('/peer/import', async (request, reply) => {
  const { title, asOf, source, entries } = request.body;
  const started = performance.now();
  const result = db
    .transaction(() => {
      const statementId = insertStatement(w, title, new Date().toISOString(), ACTOR);
      let matched = 0;
      const add = entries.map((entry): Addition => {
        const found = w.findByKey.get(abbreviationNameKey(entry));
        if (found) matched++;
        return found
          ? { organizationId: found.id, printedNumber: entry.printedNumber }
          : { organization: entry, printedNumber: entry.printedNumber };
      });
      const event = writeEvent(w, statementId, { asOf, add, source }, ACTOR);
      return { statementId, entries: event.items.length, matched, created: event.items.length - matched };
    })
    .immediate();
  return reply.code(201).send({ ...result, ms: performance.now() - started });
});

app.get<{ Params: { id: string } }>('/v1/statements/:id/integrity', async (request) =>
  checkChain(w, request.params.id),
);

await app.listen({ port: Number(PEER_PORT), host: '127.0.0.1' });
