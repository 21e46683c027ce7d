// `npm run openapi`: regenerate the committed contract from the app itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';

const dir = mkdtempSync(join(tmpdir(), 'undersigned-openapi-'));
const app = await buildApp({ databasePath: join(dir, 'openapi.db'), logLevel: 'silent', seedSample: false });
await app.ready();
const doc = JSON.stringify(app.swagger(), null, 2) + '\n';
writeFileSync(new URL('../openapi/openapi.json', import.meta.url), doc);
await app.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write('wrote openapi/openapi.json\n');
