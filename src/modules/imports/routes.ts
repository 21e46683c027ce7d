import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Conn } from '../../db/client.js';
import type { WriteLane } from '../../db/write-lane.js';
import { actorOf } from '../../http/auth.js';
import { recordedReplay } from '../../db/idempotency.js';
import { idempotencyHeaders, idempotencyScope, sendRecorded } from '../../http/idempotency.js';
import type { ReadCache } from '../../http/response-cache.js';
import { problemResponses } from '../../http/problem.js';
import { OFF_THREAD_ABOVE, type ImportWorker } from './off-thread.js';
import { runImport, type ImportJob } from './run-import.js';
import { acceptDocuments, documentOf, MEDIA_TYPES, readDocument, TOO_LARGE } from './documents.js';
import { importBodies, importQuery, importResult } from './schemas.js';

export const importRoutes: FastifyPluginAsyncZod<{
  db: Conn;
  lane: WriteLane;
  reads: ReadCache;
  worker: ImportWorker | null;
}> = async (app, { db, lane, reads, worker }) => {
  // Published lists arrive as text, web pages, PDFs; this plugin's scope is the only one that accepts them.
  acceptDocuments(app);
  app.post('/v1/imports', {
    // The importer's date, when the document has none, is a query parameter. Each media type has
    // its own body limit (documents.ts), and a 413 names them.
    config: {
      role: 'editor',
      fieldsIn: { asOf: 'query', statementId: 'query', 'content-type': 'header' },
      tooLarge: TOO_LARGE,
      mediaTypes: MEDIA_TYPES,
    },
    schema: {
      operationId: 'importPublishedList',
      responseHeaders: { 200: ['idempotent-replayed'], 201: ['location', 'idempotent-replayed'] },
      summary: 'Import a published signatory list',
      description:
        'Reads the published format (issuer line, title, body, "Signatories (as of …)" header, numbered entries), as plain text, or read out of a web page ' +
        '(its main content: ordered lists, tables with a country column), a PDF (lines rebuilt from the layout, wrapped entries joined, running headers and ' +
        'page numbers left out) or a Word document; `extracted` shows the text read out of them. Matches each entry to a known ' +
        'organization (abbreviation and name, name, or English name, after folding case, diacritics, script, spaces and dashes) and, in one ' +
        'transaction, creates the statement with its first event or appends an event with the difference from its latest list. The same list ' +
        'again writes nothing (`outcome: unchanged`). With `dryRun=true` nothing is written. Body limit 10 MiB for text, HTML and JSON, 25 MiB for PDF and DOCX. ' +
        'Lists are read in every supported language (the signatories header says which; `language` overrides it); names in parentheses ' +
        "are stored as the organizations' names in that language. With `statementId` the document is that statement's version in its " +
        "language: its title and body are added as that version and its list is matched against the statement's. Without it, a list " +
        'whose title no statement has gets a `suggestion`: the statement of the same issuer whose list overlaps most.',
      tags: ['imports'],
      querystring: importQuery,
      headers: idempotencyHeaders,
      // One schema per media type (documentBodies is turned into OpenAPI by contract.ts).
      body: { content: Object.fromEntries(Object.entries(importBodies).map(([type, schema]) => [type, { schema }])) },
      response: {
        200: importResult,
        201: importResult,
        ...problemResponses(400, 401, 403, 404, 409, 410, 413, 415, 422),
      },
    },
    handler: async (request, reply) => {
      const { dryRun, asOf, language, statementId, fileName, decide, ambiguous } = request.query;
      const scope = idempotencyScope(request);
      // A repeat is answered from its record, before its document is read again.
      const replay = recordedReplay(db, scope);
      if (replay) return sendRecorded(reply, replay);
      const { document, charset } = documentOf(request, fileName);
      const { text, ...extracted } = await readDocument(document, charset, worker);
      const job: ImportJob = {
        text,
        extracted:
          extracted.mediaType === 'text/plain'
            ? null
            : { mediaType: extracted.mediaType, pages: extracted.pages ?? null, title: extracted.title ?? null },
        document,
        dryRun,
        asOf,
        language,
        statementId,
        decisions: decide,
        ambiguous,
        actor: actorOf(request).name,
        scope,
      };
      // A long list is read and written on the import worker, so this thread keeps answering; its
      // write holds the lane, so no other write starts meanwhile.
      const offThread = worker !== null && Buffer.byteLength(text) > OFF_THREAD_ABOVE;
      const response = await (
        offThread
          ? job.dryRun
            ? worker.run(job)
            : lane.exclusive(() => worker.run(job))
          : lane.write(() => runImport(db, job))
      )
        // The worker wrote on its own connection: reads must see it from now on, not in a moment.
        .finally(() => reads.refresh());
      return sendRecorded(reply, response);
    },
  });
};
