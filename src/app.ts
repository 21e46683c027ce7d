import Fastify, { type FastifyInstance } from 'fastify';
import fastifyAccepts from '@fastify/accepts';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { keyHistoryPath, signingKeySource, type AppConfig } from './config.js';
import type { Conn } from './db/client.js';
import { openMigratedDatabase } from './database.js';
import { WriteLane } from './db/write-lane.js';
import { clientErrorHandler, registerErrorHandling, registerNotFound, sendProblem } from './http/errors.js';
import { jsonBodyParser } from './http/json-body.js';
import { logging, requestId } from './http/logging.js';
import { ReadCache } from './http/response-cache.js';
import { HttpProblem, invalidField } from './http/problem.js';
import { registerOpenApi } from './http/openapi.js';
import { registerProtection } from './http/protection.js';
import { healthRoutes } from './modules/health/routes.js';
import { importRoutes } from './modules/imports/routes.js';
import { readDocument as readImported } from './modules/imports/documents.js';
import { ImportWorker } from './modules/imports/off-thread.js';
import type { DocumentReader } from './modules/documents/reread.js';
import { ensureBootstrapKey, firstAdminKey } from './modules/keys/repository.js';
import { keyRoutes } from './modules/keys/routes.js';
import { feedRoutes } from './modules/feeds/routes.js';
import { pageRoutes } from './modules/pages/routes.js';
import { pageStyleHash } from './modules/pages/style.js';
import { organizationRoutes } from './modules/organizations/routes.js';
import { mergeRoutes } from './modules/merges/routes.js';
import { seedSample } from './seed.js';
import { signatureRoutes } from './modules/signatures/routes.js';
import { statementRoutes } from './modules/statements/routes.js';
import { IntegrityWorker } from './modules/integrity/off-thread.js';
import { integrityRoutes } from './modules/integrity/routes.js';
import { loadKeyring, recordRotations } from './modules/signing/key-history.js';
import { readPublicKeys } from './modules/signing/signing-key.js';
import { logRoutes } from './modules/log/routes.js';
import { documentRoutes } from './modules/documents/routes.js';
import { DOCUMENT_BODY_LIMIT } from './modules/documents/schemas.js';
import { proposalRoutes } from './modules/proposals/routes.js';
import { sourceRoutes } from './modules/sources/routes.js';
import { SourceWatcher } from './modules/sources/watcher.js';
import { listRoutes } from './modules/timeline/list-routes.js';
import { startCachePurges } from './modules/outbox/cache-purge.js';
import { networkRoutes } from './modules/network/routes.js';
import { reconcileRoutes } from './modules/reconcile/routes.js';
import { timelineRoutes } from './modules/timeline/routes.js';
import { startWebhooks } from './modules/webhooks/deliver.js';
import { webhookRoutes } from './modules/webhooks/routes.js';


/** JSON bodies up to 1 MiB; enough for any single resource. */
export const BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    db: Conn;
  }
}

/**
 * Builds the whole API on one SQLite file. Reads no environment: the caller (server, tests, CLI)
 * passes the config, so every test gets its own database.
 */
export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const log = logging(config);
  const app = Fastify({
    // Malformed URLs and over-long path params are client errors: answer them as problems too.
    frameworkErrors: (error, request, reply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      void sendProblem(request, reply, status, status === 414 ? 'uri-too-long' : 'bad-url', status === 414 ? 'A path parameter is longer than 100 characters.' : 'The URL is not validly percent-encoded.');
    },
    clientErrorHandler,
    logger: log.options,
    logController: log.controller,
    bodyLimit: BODY_LIMIT,
    requestTimeout: 30_000,
    requestIdHeader: false,
    genReqId: requestId,
    // HEAD only where a route says so (ANSWERS_HEAD), and then it is in the contract too.
    exposeHeadRoutes: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onClose', async () => log.flush());

  const db = openMigratedDatabase(config.databasePath);
  app.decorate('db', db);
  const lane = new WriteLane(db);
  const reads = new ReadCache(db);
  app.addHook('onClose', async () => {
    db.$client.close();
  });
  // A key that cannot load stops the start; the database must not stay open behind it.
  const keyring = await loadKeyring(signingKeySource(config), keyHistoryPath(config)).catch((error: unknown) => {
    db.$client.close();
    throw error;
  });
  const witnesses = config.witnessesPath ? await readPublicKeys(config.witnessesPath).catch((error: unknown) => {
    db.$client.close();
    throw error;
  }) : [];
  for (const rotation of recordRotations(db, keyring)) app.log.warn(`the database holds key ${rotation}, which the key history does not: it is not trusted`);
  if (config.adminKey) ensureBootstrapKey(db, config.adminKey);
  else if (config.adminKeyFile && firstAdminKey(db, config.adminKeyFile)) {
    app.log.warn(
      `made an admin API key, written to ${config.adminKeyFile} (mode 0600): curl -H "Authorization: Bearer $(cat ${config.adminKeyFile})" … ` +
        'In production set UNDERSIGNED_ADMIN_KEY, or AUTO_ADMIN_KEY=false and make keys with `undersigned keys create`.',
    );
  }
  const publicUrl = config.publicUrl ?? 'http://localhost';
  const purges = startCachePurges(db, lane, config.cachePurgeUrls ?? [], app.log);
  app.addHook('preClose', async () => purges?.stop());
  // One switch for every outbound request (webhooks, watched sources); the webhook name is its older alias.
  const allowPrivate = (config.outboundAllowPrivate ?? false) || (config.webhookAllowPrivate ?? false);
  // The import worker reads documents (and writes long lists) off the event loop: imports, watched
  // sources and events that name a document all read through it. An in-memory database cannot be
  // shared with another thread: everything runs inline then.
  const importWorker = config.databasePath === ':memory:' ? null : new ImportWorker(config.databasePath);
  app.addHook('onClose', async () => importWorker?.close());
  app.addHook('onListen', async () => importWorker?.warmUp());
  const readDocument: DocumentReader = (document, charset) => readImported(document, charset, importWorker);
  const sourceOptions = { readDocument, allowPrivate, allowHosts: config.outboundAllowHosts ?? [], timeoutMs: config.sourceTimeoutMs ?? 20_000, maxBytes: DOCUMENT_BODY_LIMIT, now: config.clock ?? (() => new Date()) };
  const sources = new SourceWatcher(db, lane, { ...sourceOptions, pollMs: config.sourcePollMs ?? 30_000 }, app.log);
  sources.start();
  app.addHook('preClose', async () => sources.stop());
  const webhooks = startWebhooks(
    db,
    lane,
    { allowPrivate, allowHosts: config.outboundAllowHosts ?? [], timeoutMs: config.webhookTimeoutMs ?? 5000, pollMs: config.webhookPollMs ?? 1000, now: config.clock ?? (() => new Date()) },
    app.log,
  );
  app.addHook('preClose', async () => webhooks.stop());
  // Webhooks go out right after each commit; unlike cache purges, no acknowledgement waits for them.
  lane.afterCommit(() => {
    void webhooks.flush();
  });
  if (config.seedSample) seedSample(db, app.log);

  app.decorateRequest('actor', null);
  // Node's server.close() leaves busy keep-alive connections open; ask clients to drop them once
  // shutdown has begun, so in-flight requests finish and close-with-grace can close the database.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  // A query string that is not validly percent-encoded is refused as a path is, never read as something else.
  app.addHook('onRequest', async (request) => {
    const query = request.raw.url?.split('?').slice(1).join('?') ?? '';
    try {
      if (query.includes('%')) decodeURIComponent(query.replace(/\+/g, ' '));
    } catch {
      throw new HttpProblem(400, 'bad-url', `The query string is not validly percent-encoded: ${query.slice(0, 100)}. Encode each reserved or non-ASCII character as %XX (UTF-8).`);
    }
  });
  // JSON may escape lone UTF-16 surrogates; they are not text, cannot be stored or hashed faithfully.
  app.addHook('preValidation', async (request) => {
    const bad = findIllFormed(request.body, '');
    if (bad !== null) throw invalidField('body', bad, 'contains an unpaired UTF-16 surrogate, which is not text');
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // RFC 7396 merge patches are JSON; parse them with Fastify's own (prototype-poisoning-safe) parser.
  // JSON with Fastify's own (prototype-poisoning-safe) parser, whose refusal says where it broke.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'string' }, jsonBodyParser(app));
  // Only the importer reads plain text (it adds its own parser); anywhere else it is 415, not a
  // body that fails validation.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app, lane.storage);
  await app.register(fastifyAccepts);

  const limit = await registerProtection(app, db, config, [pageStyleHash()]);
  registerNotFound(app, limit);

  await registerOpenApi(app);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { db, storage: lane.storage });
  await app.register(organizationRoutes, { db, lane, reads });
  await app.register(mergeRoutes, { db, lane });
  await app.register(statementRoutes, { db, lane });
  await app.register(timelineRoutes, { db, lane, readDocument });
  await app.register(listRoutes, { db, reads });
  // Long reads (checks, bundles, a page's verified chain) run on this worker, off the event loop.
  const integrity = new IntegrityWorker(db, config.databasePath);
  app.addHook('onClose', async () => integrity.close());
  await app.register(integrityRoutes, { db, keyring, worker: integrity });
  await app.register(logRoutes, { db, lane, keyring, witnesses });
  await app.register(documentRoutes, { db, lane });
  await app.register(signatureRoutes, { db, lane });
  await app.register(importRoutes, { db, lane, reads, worker: importWorker });
  await app.register(keyRoutes, { db, lane });
  await app.register(feedRoutes, { db, reads, keyring, publicUrl });
  await app.register(pageRoutes, { db, reads, integrity });
  await app.register(networkRoutes, { db, reads });
  await app.register(reconcileRoutes, { db, publicUrl });
  await app.register(webhookRoutes, { db, lane, allowPrivate, allowHosts: config.outboundAllowHosts ?? [] });
  await app.register(sourceRoutes, { db, lane, options: sourceOptions });
  await app.register(proposalRoutes, { db, lane, readDocument });

  return app;
}

/** Dotted path of the first string (or key) with an unpaired surrogate, or null. Iterative:
 * hostile bodies nest deeper than the call stack. */
function findIllFormed(root: unknown, rootPath: string): string | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return path;
    } else if (value instanceof Uint8Array) {
      // A document's bytes (an import's PDF): not text, and far too many to walk one by one.
      continue;
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (!key.isWellFormed()) return at;
        stack.push([child, at]);
      }
    }
  }
  return null;
}
