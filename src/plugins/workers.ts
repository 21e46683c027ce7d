import fp from 'fastify-plugin';
import type { AppConfig } from '../config.js';
import type { Background } from '../lib/worker-thread.js';
import type { DocumentReader } from '../modules/documents/reread.js';
import { DOCUMENT_BODY_LIMIT } from '../modules/documents/schemas.js';
import { readDocument } from '../modules/imports/documents.js';
import { ImportWorker } from '../modules/imports/off-thread.js';
import { IntegrityWorker } from '../modules/integrity/off-thread.js';
import { CosignerMemory } from '../modules/network/cosigner-memory.js';
import { cachePurges } from '../modules/outbox/cache-purge.js';
import type { SourceOptions } from '../modules/sources/check.js';
import { SourceWatcher } from '../modules/sources/watcher.js';
import { webhookWorker } from '../modules/webhooks/deliver.js';

/** What routes use of the work done beside the requests. */
export interface Workers {
  /** Long imports and document reads; null for an in-memory database, which no other thread can open. */
  imports: ImportWorker | null;
  /** Checks and bundles, off the event loop. */
  integrity: IntegrityWorker;
  /** The latest lists in memory for cosigner reads, per database state as `reads` (modules/network/cosigner-memory.ts). */
  cosigners: CosignerMemory;
  /** Reads a document's text, a large one on the import worker. */
  readDocument: DocumentReader;
  /** How watched sources are fetched and read. */
  sources: SourceOptions;
  /** Who outbound requests (webhooks, watched sources) may reach. */
  outbound: { allowPrivate: boolean; allowHosts: readonly string[] };
}

declare module 'fastify' {
  interface FastifyInstance {
    workers: Workers;
  }
}

/**
 * Everything that runs beside the requests, with one lifecycle (lib/worker-thread.ts Background):
 * the import, integrity and cosigner-index threads, the outbox's cache purges and webhooks, and
 * the source watcher. Each is started once the server is ready and stopped when it closes, after the
 * requests in flight and before the database.
 */
export const workers = fp<AppConfig>(
  async (app, config) => {
    const { db, lane, log } = app;
    const now = config.clock ?? (() => new Date());
    // One switch for every outbound request (webhooks, watched sources); the webhook name is its older alias.
    const outbound = {
      allowPrivate: (config.outboundAllowPrivate ?? false) || (config.webhookAllowPrivate ?? false),
      allowHosts: config.outboundAllowHosts ?? [],
    };
    const imports =
      config.databasePath === ':memory:'
        ? null
        : new ImportWorker(config.databasePath, { resourceLimits: config.importWorkerLimits });
    const reader: DocumentReader = (document, charset) => readDocument(document, charset, imports);
    const sources: SourceOptions = {
      readDocument: reader,
      ...outbound,
      timeoutMs: config.sourceTimeoutMs ?? 20_000,
      maxBytes: DOCUMENT_BODY_LIMIT,
      now,
    };
    const integrity = new IntegrityWorker(db, config.databasePath);
    const cosigners = new CosignerMemory(db, app.reads.version, {
      maxBytes: config.cosignerMemoryBytes,
      onError: (error) => log.warn({ err: error }, 'the cosigner index was not built; cosigner reads use SQL'),
    });
    // Purges first: after a commit the lane waits briefly for them, and webhooks go out after.
    const purges = cachePurges(db, lane, config.cachePurgeUrls ?? [], log);
    const background: Background[] = [
      integrity,
      cosigners,
      new SourceWatcher(db, lane, { ...sources, pollMs: config.sourcePollMs ?? 30_000 }, log),
      webhookWorker(
        db,
        lane,
        { ...outbound, timeoutMs: config.webhookTimeoutMs ?? 5000, pollMs: config.webhookPollMs ?? 1000, now },
        log,
      ),
      ...(purges ? [purges] : []),
      ...(imports ? [imports] : []),
    ];
    app.decorate('workers', { imports, integrity, cosigners, readDocument: reader, sources, outbound });
    app.addHook('onReady', async () => {
      for (const worker of background) worker.start();
    });
    // A listening server has the import worker load what an import needs, and reads the cosigner
    // index of its state, ahead of the first import and the first cosigner read.
    app.addHook('onListen', async () => {
      imports?.warmUp();
      cosigners.warm();
    });
    app.addHook('onClose', async () => {
      await Promise.all(background.map((worker) => worker.stop()));
    });
  },
  { name: 'workers', dependencies: ['database'] },
);
