// After `tsc`: the CLI made executable (npx undersigned, a global install), and the time of this
// build noted, so that `npm start` (scripts/start.mjs) builds again only when the sources change.
import { chmodSync, writeFileSync } from 'node:fs';

chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
writeFileSync(new URL('../dist/.built', import.meta.url), `${new Date().toISOString()}\n`);
