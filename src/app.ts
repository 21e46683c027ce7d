import Fastify, { type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppConfig } from './config.js';
import { documentRoutes } from './modules/documents/routes.js';
import { feedRoutes } from './modules/feeds/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { importRoutes } from './modules/imports/routes.js';
import { integrityRoutes } from './modules/integrity/routes.js';
import { keyRoutes } from './modules/keys/routes.js';
import { logRoutes } from './modules/log/routes.js';
import { mergeRoutes } from './modules/merges/routes.js';
import { networkRoutes } from './modules/network/routes.js';
import { organizationRoutes } from './modules/organizations/routes.js';
import { pageRoutes } from './modules/pages/routes.js';
import { proposalRoutes } from './modules/proposals/routes.js';
import { reconcileRoutes } from './modules/reconcile/routes.js';
import { signatureRoutes } from './modules/signatures/routes.js';
import { sourceRoutes } from './modules/sources/routes.js';
import { statementRoutes } from './modules/statements/routes.js';
import { listRoutes } from './modules/timeline/list-routes.js';
import { timelineRoutes } from './modules/timeline/routes.js';
import { webhookRoutes } from './modules/webhooks/routes.js';
import { auth } from './plugins/auth.js';
import { database } from './plugins/database.js';
import { http, serverOptions } from './plugins/http.js';
import { signing } from './plugins/signing.js';
import { workers } from './plugins/workers.js';

export { BODY_LIMIT } from './plugins/http.js';

/**
 * Builds the whole API on one SQLite file. Reads no environment: the caller (server, tests, CLI)
 * passes the config, so every test gets its own database. The app is its plugins (src/plugins/),
 * then the routes; each route says its role in `config.role`, and the auth plugin does the rest.
 */
export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const { onClose: flushLog, ...options } = serverOptions(config);
  const app = Fastify(options).withTypeProvider<ZodTypeProvider>();
  app.addHook('onClose', async () => flushLog());
  await app.register(signing, config);
  await app.register(database, config);
  await app.register(http, config);
  await app.register(auth);
  await app.register(workers, config);

  const { db, lane, reads, keyring, witnesses } = app;
  const { integrity, cosigners, readDocument, sources, outbound, imports } = app.workers;
  const publicUrl = config.publicUrl ?? 'http://localhost';
  await app.register(healthRoutes, { db, storage: lane.storage });
  await app.register(organizationRoutes, { db, lane, reads });
  await app.register(mergeRoutes, { db, lane });
  await app.register(statementRoutes, { db, lane });
  await app.register(timelineRoutes, {
    db,
    lane,
    reads,
    readDocument,
    offThread: imports ? (job) => imports.append(job) : null,
  });
  await app.register(listRoutes, { db, reads });
  await app.register(integrityRoutes, { db, keyring, worker: integrity });
  await app.register(logRoutes, { db, lane, keyring, witnesses });
  await app.register(documentRoutes, { db, lane });
  await app.register(signatureRoutes, { db, lane });
  await app.register(importRoutes, { db, lane, reads, worker: imports });
  await app.register(keyRoutes, { db, lane });
  await app.register(feedRoutes, { db, reads, keyring, publicUrl });
  await app.register(pageRoutes, { db, reads, integrity });
  await app.register(networkRoutes, { db, reads, cosigners });
  await app.register(reconcileRoutes, { db, publicUrl });
  await app.register(webhookRoutes, { db, lane, ...outbound });
  await app.register(sourceRoutes, { db, lane, options: sources });
  await app.register(proposalRoutes, { db, lane, readDocument });
  return app;
}
