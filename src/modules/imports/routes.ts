import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf, requireRole } from '../../http/auth.js';
import { IdempotencyKeyReused } from '../../db/idempotency.js';
import { idempotencyHeaders, idempotencyScope, reusedKeyProblem, sendRecorded } from '../../http/idempotency.js';
import type { ReadCache } from '../../http/response-cache.js';
import { problemResponses } from '../../http/problem.js';
import { ImportWorker, OFF_THREAD_ABOVE } from './off-thread.js';
import { runImport, type ImportJob } from './run-import.js';
import { importBody, importQuery, importResult } from './schemas.js';

/** Published lists with thousands of entries are larger than any single resource. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

export const importRoutes: FastifyPluginAsyncZod<{ db: Db; lane: WriteLane; reads: ReadCache; databasePath: string }> = async (app, { db, lane, reads, databasePath }) => {
  // An in-memory database cannot be shared with another thread: everything runs inline then.
  const worker = databasePath === ':memory:' ? null : new ImportWorker(databasePath);
  app.addHook('onClose', async () => worker?.close());
  app.addHook('onListen', async () => worker?.warmUp());
  // Published lists arrive as plain text; this plugin's scope is the only one that accepts it.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/v1/imports', {
    onRequest: requireRole(db, 'editor'),
    bodyLimit: IMPORT_BODY_LIMIT,
    // The importer's date, when the document has none, is a query parameter.
    config: { fieldsIn: { asOf: 'query', statementId: 'query' } },
    schema: {
      operationId: 'importPublishedList',
      responseHeaders: { 200: ['idempotent-replayed'], 201: ['location', 'idempotent-replayed'] },
      summary: 'Import a published signatory list',
      description:
        'Reads the published format (issuer line, title, body, "Signatories (as of …)" header, numbered entries), matches each entry to a known ' +
        'organization (abbreviation and name, name, or English name, after folding case, diacritics, script, spaces and dashes) and, in one ' +
        'transaction, creates the statement with its first event or appends an event with the difference from its latest list. The same list ' +
        'again writes nothing (`outcome: unchanged`). With `dryRun=true` nothing is written. Body limit 10 MiB. ' +
        'Lists are read in every supported language (the signatories header says which; `language` overrides it); names in parentheses ' +
        'are stored as the organizations\' names in that language. With `statementId` the document is that statement\'s version in its ' +
        'language: its title and body are added as that version and its list is matched against the statement\'s. Without it, a list ' +
        'whose title no statement has gets a `suggestion`: the statement of the same issuer whose list overlaps most.',
      tags: ['imports'],
      security: [{ bearerAuth: [] }],
      querystring: importQuery,
      headers: idempotencyHeaders,
      // One schema for both media types: the type provider cannot document per-type bodies.
      consumes: ['text/plain', 'application/json'],
      body: importBody,
      response: { 200: importResult, 201: importResult, ...problemResponses(400, 401, 403, 404, 409, 410, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const text = typeof request.body === 'string' ? request.body : request.body.text;
      const { dryRun, asOf, language, statementId } = request.query;
      const job: ImportJob = { text, dryRun, asOf, language, statementId, actor: actorOf(request).name, scope: idempotencyScope(request) };
      // A long list is read and written on the import worker, so this thread keeps answering; its
      // write holds the lane, so no other write starts meanwhile.
      const offThread = worker !== null && Buffer.byteLength(text) > OFF_THREAD_ABOVE;
      const response = await (offThread ? (job.dryRun ? worker.run(job) : lane.exclusive(() => worker.run(job))) : lane.write(() => runImport(db, job)))
        .catch((error: unknown) => {
          throw error instanceof IdempotencyKeyReused ? reusedKeyProblem(error) : error;
        })
        // The worker wrote on its own connection: reads must see it from now on, not in a moment.
        .finally(() => reads.refresh());
      return sendRecorded(reply, response);
    },
  });
};
