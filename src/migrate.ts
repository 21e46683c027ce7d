// `npm run db:migrate`: apply the committed migrations to DATABASE_PATH without starting the server.
import { loadConfig } from './config.js';
import { openDatabase, runMigrations } from './db/client.js';

const config = loadConfig();
const db = openDatabase(config.databasePath);
runMigrations(db);
db.$client.close();
process.stdout.write(`migrated ${config.databasePath}\n`);
