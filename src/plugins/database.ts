import fp from 'fastify-plugin';
import type { AppConfig } from '../config.js';
import type { Conn } from '../db/client.js';
import { WriteLane } from '../db/write-lane.js';
import { openMigratedDatabase } from '../database.js';
import { ReadCache } from '../http/response-cache.js';
import { ensureBootstrapKey, firstAdminKey } from '../modules/keys/repository.js';
import { recordRotations } from '../modules/signing/key-history.js';
import { seedSample } from '../seed.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's one connection: reads run on it, and every write through `lane`. */
    db: Conn;
    /** The write lane (db/write-lane.ts): every write of the server, one transaction per batch. */
    lane: WriteLane;
    /** The one cache of read responses, keyed on the database's state (http/response-cache.ts). */
    reads: ReadCache;
  }
}

/**
 * The database: opened and migrated, its write lane and read cache, its keys (the configured
 * admin key, or a first one written to a file) and the sample when asked. Closed last, after
 * everything that uses it.
 */
export const database = fp<AppConfig>(
  async (app, config) => {
    const db = openMigratedDatabase(config.databasePath);
    const lane = new WriteLane(db);
    app.decorate('db', db).decorate('lane', lane).decorate('reads', new ReadCache(db));
    app.addHook('onClose', async () => {
      db.$client.close();
    });
    for (const rotation of recordRotations(db, app.keyring))
      app.log.warn(`the database holds key ${rotation}, which the key history does not: it is not trusted`);
    if (config.adminKey) ensureBootstrapKey(db, config.adminKey);
    else if (config.adminKeyFile && firstAdminKey(db, config.adminKeyFile)) {
      app.log.warn(
        `made an admin API key, written to ${config.adminKeyFile} (mode 0600): curl -H "Authorization: Bearer $(cat ${config.adminKeyFile})" … ` +
          'In production set UNDERSIGNED_ADMIN_KEY, or AUTO_ADMIN_KEY=false and make keys with `undersigned keys create`.',
      );
    }
    if (config.seedSample) seedSample(db, app.log);
  },
  { name: 'database', dependencies: ['signing'] },
);
