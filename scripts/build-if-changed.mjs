#!/usr/bin/env node
// Builds (`npm run build`'s steps) only when a file the build reads is newer than the last build.
// `npm install` runs it (`prepare`), and so does npm whenever it installs this directory as a
// package: `npx undersigned` in a clone does, once per path. Rebuilding there took 20-30 s and
// rewrote dist/ under any server or CLI already running from it. `npm start` runs it too.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = `${root}dist/.built`;

/** The newest modification time among the files under `path`. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(`${path}/${name}`)), 0);
}

/** Whether dist/ is older than a file the build reads (or missing). */
export function buildIsStale() {
  const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => `${root}${p}`);
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  return builtAt < Math.max(...inputs.map(newest));
}

/**
 * tsc, then the country index written (src/lib/country-index.ts: every thread that reads a list
 * loads it instead of building it), the CLI made executable and the build's time noted. Exits
 * the process on a failed build.
 */
export function build() {
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const run = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const index = pathToFileURL(`${root}dist/lib/country-index.js`).href;
  const write = `import(${JSON.stringify(index)}).then((m) => m.writeIndexFile())`;
  const wrote = spawnSync(process.execPath, ['--input-type=module', '-e', write], { stdio: 'inherit' });
  if (wrote.status !== 0) process.exit(wrote.status ?? 1);
  chmodSync(`${root}dist/cli.js`, 0o755);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--force') || buildIsStale()) build();
}
