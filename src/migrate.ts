// `npm run db:migrate`: apply the committed migrations to DATABASE_PATH without starting the server.
import { loadConfig } from './config.js';
import { openMigratedDatabase } from './database.js';

const config = loadConfig();
openMigratedDatabase(config.databasePath).$client.close();
process.stdout.write(`migrated ${config.databasePath}\n`);
